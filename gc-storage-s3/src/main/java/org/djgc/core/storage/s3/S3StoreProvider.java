package org.djgc.core.storage.s3;

import java.nio.file.Path;
import java.util.Set;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStoreProvider;

/** The native backend of {@code s3} stores: AWS S3 and S3-compatible servers, through the AWS SDK v2. */
public final class S3StoreProvider implements ObjectStoreProvider {
  @Override
  public String backend() {
    return BackendOptions.NATIVE;
  }

  @Override
  public Set<String> protocols() {
    return Set.of("s3");
  }

  @Override
  public ObjectStore open(StoreSpec spec, Path tempDirectory, BackendOptions options) {
    return new S3ObjectStore(S3StoreSettings.from(spec));
  }
}
