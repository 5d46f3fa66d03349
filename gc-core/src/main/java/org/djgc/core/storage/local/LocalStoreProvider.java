package org.djgc.core.storage.local;

import java.nio.file.Path;
import java.util.Set;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStoreProvider;

/** The native backend of {@code file} stores: a directory on a local or mounted file system. */
public final class LocalStoreProvider implements ObjectStoreProvider {
  @Override
  public String backend() {
    return BackendOptions.NATIVE;
  }

  @Override
  public Set<String> protocols() {
    return Set.of("file");
  }

  @Override
  public ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options) {
    return new LocalObjectStore(Path.of(spec.location()), tempDirectory);
  }
}
