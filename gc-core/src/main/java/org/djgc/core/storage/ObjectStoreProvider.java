package org.djgc.core.storage;

import java.nio.file.Path;
import java.util.Set;
import org.djgc.core.config.StoreSpec;

/**
 * A storage backend: opens {@link ObjectStore}s for the stores it serves. Backends are found with
 * {@link java.util.ServiceLoader} (each lists its provider in
 * {@code META-INF/services/org.djgc.core.storage.ObjectStoreProvider}), so adding one touches its
 * own package and that file, and {@link ObjectStores} names none of them.
 *
 * <p>A store is served by a <em>native</em> provider of its protocol ({@code file}, {@code s3}),
 * or by the provider named by its {@link BackendOptions} ({@code hadoop}), which is also the
 * choice for protocols no native provider serves.
 */
public interface ObjectStoreProvider {

  /** The backend's name: {@link BackendOptions#NATIVE} for a native backend, else its own (e.g. {@code hadoop}). */
  String backend();

  /** The DataJoint protocols this provider serves natively; empty for a non-native backend. */
  Set<String> protocols();

  /**
   * Opens a store.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @param options the per-store backend choice and backend configuration
   * @throws org.djgc.core.config.ConfigurationException when the spec is not usable by this backend
   */
  ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options);
}
