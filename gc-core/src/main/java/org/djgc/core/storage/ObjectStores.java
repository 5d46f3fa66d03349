package org.djgc.core.storage;

import java.nio.file.Path;
import java.util.Optional;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.hadoop.HadoopObjectStore;
import org.djgc.core.storage.hadoop.HadoopStoreSettings;
import org.djgc.core.storage.local.LocalObjectStore;
import org.djgc.core.storage.s3.S3ObjectStore;
import org.djgc.core.storage.s3.S3StoreSettings;

/**
 * Opens the {@link ObjectStore} for a DataJoint store spec. The backend is chosen per store: the
 * native one for {@code file} and {@code s3}, the Hadoop FileSystem backend for {@code azure},
 * {@code gcs}, any store with a Hadoop URI override, and any store whose {@link BackendOptions}
 * say {@code hadoop}.
 */
public final class ObjectStores {
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
    if (useHadoop(spec, options)) {
      return HadoopObjectStore.open(HadoopStoreSettings.from(spec, options), tempDirectory);
    }
    return switch (spec.protocol()) {
      case "file" -> new LocalObjectStore(Path.of(spec.location()), tempDirectory);
      case "s3" -> new S3ObjectStore(S3StoreSettings.from(spec));
      default -> throw new ConfigurationException("stores." + spec.name() + ": protocol '" + spec.protocol()
          + "' has no native backend in dj-gc (native: file, s3); remove gc.hadoop.backend." + spec.name()
          + " or set it to 'hadoop' to use the Hadoop FileSystem backend");
    };
  }

  /** Whether a store is served by the Hadoop backend. */
  static boolean useHadoop(StoreSpec spec, BackendOptions options) {
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
    return !spec.protocol().equals("file") && !spec.protocol().equals("s3");
  }
}
