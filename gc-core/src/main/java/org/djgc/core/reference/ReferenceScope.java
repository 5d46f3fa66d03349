package org.djgc.core.reference;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which rows reference discovery reads, and which references it keeps. The rule is one-sided: a
 * store name only ever excludes a reference when it belongs to a configured store that is provably
 * another place; every other name (this store, an alias, a name this configuration does not know,
 * none at all) keeps the reference, since keeping a reference can only keep a file.
 *
 * @param requestedSchemas the schemas whose sections are collected
 * @param storeNames the store and its aliases (configured stores not provably elsewhere)
 * @param elsewhere configured stores that are provably other places
 * @param defaultStore what {@code stores.default} names (the store of {@code <blob@>}), or null
 * @param filepathDefaultStore what {@code stores.filepath_default} names (the store of {@code
 *     <filepath@>}), or null
 * @param crossSchema when true, every schema on the server with a column that may store into this
 *     store is read too (rows can reference another schema's section); when false only the
 *     requested schemas are read
 */
public record ReferenceScope(List<String> requestedSchemas, Set<String> storeNames, Set<String> elsewhere,
    String defaultStore, String filepathDefaultStore, boolean crossSchema) {
  public ReferenceScope {
    requestedSchemas = List.copyOf(requestedSchemas);
    Objects.requireNonNull(storeNames, "storeNames is null");
    Objects.requireNonNull(elsewhere, "elsewhere is null");
    storeNames = Set.copyOf(storeNames);
    elsewhere = Set.copyOf(elsewhere);
  }

  /** How a row's JSON {@code store} relates to the collected store. */
  public enum StoreMatch {
    /** The store's name or an alias. */
    THIS,
    /** Missing, {@code null}, non-string or empty: written without a name, may point here. */
    UNNAMED,
    /** A name this configuration does not know (a renamed store, another config's name). */
    UNKNOWN,
    /** A configured store that is provably another place: the only excluded case. */
    ELSEWHERE
  }

  /** The same scope reading every schema that may use the store. */
  public ReferenceScope everywhere() {
    return new ReferenceScope(List.of(), storeNames, elsewhere, defaultStore, filepathDefaultStore, true);
  }

  /** Classifies a row's JSON {@code store}. */
  public StoreMatch match(String jsonStore) {
    if (jsonStore == null || jsonStore.isEmpty()) {
      return StoreMatch.UNNAMED;
    }
    if (storeNames.contains(jsonStore)) {
      return StoreMatch.THIS;
    }
    return elsewhere.contains(jsonStore) ? StoreMatch.ELSEWHERE : StoreMatch.UNKNOWN;
  }

  /** Whether a reference with this JSON {@code store} may point into the collected store. */
  public boolean keeps(String jsonStore) {
    return match(jsonStore) != StoreMatch.ELSEWHERE;
  }

  /**
   * Whether a column declared with this codec may store into the collected store: its {@code
   * @store} is this store, an alias or a name the configuration does not know; {@code @} means
   * {@code stores.default} ({@code stores.filepath_default} for {@code <filepath@>}, falling back
   * to the default), and an unset default proves nothing either.
   */
  public boolean declaresStore(CodecSpec codec) {
    if (!codec.hasStore()) {
      return false;
    }
    String store = codec.store();
    if (store.isEmpty()) {
      store = codec.name().equals("filepath") && filepathDefaultStore != null ? filepathDefaultStore : defaultStore;
    }
    return store == null || !elsewhere.contains(store);
  }
}
