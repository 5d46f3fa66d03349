package org.djgc.core.reference;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which rows reference discovery reads, and which references it keeps.
 *
 * @param requestedSchemas the schemas whose sections are collected
 * @param storeNames the store and its aliases (stores configured with the same location): a
 *     reference whose JSON {@code store} is one of these is kept
 * @param defaultStore whether the store is {@code stores.default}; then columns declared with an
 *     empty store ({@code <blob@>}) use it
 * @param crossSchema when true, every schema on the server with a column declared on this store
 *     is read too (rows can reference another schema's section); when false only the requested
 *     schemas are read
 */
public record ReferenceScope(List<String> requestedSchemas, Set<String> storeNames, boolean defaultStore,
    boolean crossSchema) {
  public ReferenceScope {
    requestedSchemas = List.copyOf(requestedSchemas);
    storeNames = Set.copyOf(storeNames);
    Objects.requireNonNull(storeNames, "storeNames is null");
  }

  /**
   * Whether a reference with this JSON {@code store} may point into the collected store. A
   * missing, {@code null} or empty store is kept whatever the store is: such rows were written
   * without a store name, so they may point here, and keeping a reference can only keep a file.
   */
  public boolean keeps(String jsonStore) {
    return jsonStore == null || jsonStore.isEmpty() || storeNames.contains(jsonStore);
  }

  /** Whether a column declared with this codec stores into the collected store. */
  public boolean declaresStore(CodecSpec codec) {
    return codec.hasStore() && (storeNames.contains(codec.store()) || (codec.store().isEmpty() && defaultStore));
  }
}
