package org.djgc.batch.config;

import java.nio.file.Path;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.springframework.stereotype.Component;

/** Opens the {@link ObjectStore} of a store spec with dj-gc's backend settings: the one place steps open stores. */
@Component
public class StoreFactory {
  private final GcProperties properties;

  public StoreFactory(GcProperties properties) {
    this.properties = properties;
  }

  /** Opens a store; {@code tempDirectory} is scratch space for backends that spill while listing. */
  public ObjectStore open(StoreSpec spec, Path tempDirectory) {
    return ObjectStores.open(spec, tempDirectory, backendOptions());
  }

  /** The per-store backend choice and Hadoop configuration of {@code gc.hadoop.*}. */
  BackendOptions backendOptions() {
    GcProperties.Hadoop hadoop = properties.hadoop();
    if (hadoop == null) {
      return BackendOptions.DEFAULTS;
    }
    return new BackendOptions(hadoop.conf(), hadoop.backend(), hadoop.uri());
  }

  GcProperties properties() {
    return properties;
  }
}
