package org.djgc.core.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;

/**
 * Opens the {@link ObjectStore} for a DataJoint store spec, through the backends on the class path
 * ({@link ObjectStoreProvider}s). The backend is chosen per store: the native one for its protocol
 * ({@code file}, {@code s3}), the Hadoop FileSystem backend for {@code azure}, {@code gcs}, any
 * store with a Hadoop URI override, and any store whose {@link BackendOptions} say {@code hadoop}.
 */
public final class ObjectStores {
  private static final List<ObjectStoreProvider> PROVIDERS = ServiceLoader.load(ObjectStoreProvider.class,
      ObjectStores.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

  private ObjectStores() {}

  /**
   * Opens a store with the default backend choice and no Hadoop configuration.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @throws ConfigurationException when no backend of this build serves the protocol
   */
  public static ObjectStore open(StoreSpec spec, Path tempDirectory) {
    return open(spec, tempDirectory, BackendOptions.DEFAULTS);
  }

  /**
   * Opens a store.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @param options the per-store backend choice and the Hadoop configuration
   * @throws ConfigurationException when no backend of this build serves the store, or the options
   *     contradict each other
   */
  public static ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options) {
    return provider(spec, options, PROVIDERS).open(spec, tempDirectory, options);
  }

  /** The provider that serves a store, among {@code providers}. */
  static ObjectStoreProvider provider(StoreSpec spec, BackendOptions options, List<ObjectStoreProvider> providers) {
    Set<String> nativeProtocols = new TreeSet<>();
    providers.stream().filter(p -> p.backend().equals(BackendOptions.NATIVE)).forEach(p -> nativeProtocols.addAll(
        p.protocols()));
    if (useHadoop(spec, options, nativeProtocols)) {
      return providers.stream().filter(p -> p.backend().equals(BackendOptions.HADOOP)).findFirst().orElseThrow(
          () -> new ConfigurationException("stores." + spec.name() + ": protocol '" + spec.protocol() + "' needs the"
              + " Hadoop FileSystem backend, which is not on this build's class path"));
    }
    return providers.stream().filter(p -> p.backend().equals(BackendOptions.NATIVE)
        && p.protocols().contains(spec.protocol())).findFirst().orElseThrow(
            () -> new ConfigurationException("stores." + spec.name() + ": protocol '" + spec.protocol()
                + "' has no native backend in dj-gc (native: " + String.join(", ", nativeProtocols) + "); remove"
                + " gc.hadoop.backend." + spec.name() + " or set it to 'hadoop' to use the Hadoop FileSystem backend"));
  }

  /** Whether a store is served by the Hadoop backend. */
  private static boolean useHadoop(StoreSpec spec, BackendOptions options, Set<String> nativeProtocols) {
    Optional<String> choice = options.backendFor(spec.name());
    boolean uriOverride = options.hadoopUriFor(spec.name()).isPresent();
    if (choice.isPresent() && choice.get().equals(BackendOptions.NATIVE)) {
      if (uriOverride) {
        throw new ConfigurationException("stores." + spec.name() + ": gc.hadoop.uri." + spec.name()
            + " is set but gc.hadoop.backend." + spec.name() + " is 'native'; a Hadoop URI needs the 'hadoop' backend");
      }
      return false;
    }
    if (choice.isPresent() || uriOverride) {
      return true;
    }
    return !nativeProtocols.contains(spec.protocol());
  }
}
