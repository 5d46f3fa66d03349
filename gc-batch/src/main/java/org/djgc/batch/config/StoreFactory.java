package org.djgc.batch.config;

import java.nio.file.Path;
import org.djgc.core.config.StoreSpec;
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
    return ObjectStores.open(spec, tempDirectory);
  }

  GcProperties properties() {
    return properties;
  }
}
