package org.djgc.core.storage;

import java.nio.file.Path;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.local.LocalObjectStore;
import org.djgc.core.storage.s3.S3ObjectStore;
import org.djgc.core.storage.s3.S3StoreSettings;

/** Opens the {@link ObjectStore} for a DataJoint store spec, chosen by protocol. */
public final class ObjectStores {
  private ObjectStores() {}

  /**
   * Opens a store.
   *
   * @param spec the resolved store spec
   * @param tempDirectory scratch space for backends that spill while listing
   * @throws ConfigurationException when no backend of this build serves the protocol
   */
  public static ObjectStore open(StoreSpec spec, Path tempDirectory) {
    return switch (spec.protocol()) {
      case "file" -> new LocalObjectStore(Path.of(spec.location()), tempDirectory);
      case "s3" -> new S3ObjectStore(S3StoreSettings.from(spec));
      default -> throw new ConfigurationException("stores." + spec.name() + ": protocol '" + spec.protocol()
          + "' has no backend in this build of dj-gc (available: file, s3)");
    };
  }
}
