package org.djgc.batch.hadoop;

import java.util.List;
import org.djgc.batch.s3.S3CycleTest;

/** The full S3 cycle with the s3 store routed through Hadoop's S3A FileSystem against S3Proxy. */
class HadoopS3aCycleTest extends S3CycleTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.hadoop.backend.s3main=hadoop");
  }
}
