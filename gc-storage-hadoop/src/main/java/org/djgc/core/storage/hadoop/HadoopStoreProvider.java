package org.djgc.core.storage.hadoop;

import java.nio.file.Path;
import java.util.Set;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStoreProvider;

/**
 * The Hadoop FileSystem backend ({@code gc.hadoop.backend.<store>=hadoop}): Azure, GCS, HDFS,
 * {@code s3a} and any store with a Hadoop URI override.
 */
public final class HadoopStoreProvider implements ObjectStoreProvider {
  @Override
  public String backend() {
    return BackendOptions.HADOOP;
  }

  @Override
  public Set<String> protocols() {
    return Set.of();
  }

  @Override
  public ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options) {
    return HadoopObjectStore.open(HadoopStoreSettings.from(spec, options), tempDirectory);
  }
}
