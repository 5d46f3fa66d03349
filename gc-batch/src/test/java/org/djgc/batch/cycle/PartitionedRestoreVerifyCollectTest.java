package org.djgc.batch.cycle;

import java.util.List;

/** {@link RestoreVerifyCollectTest} with the scan cut into 8 partitions (issue 11): the same outcomes. */
class PartitionedRestoreVerifyCollectTest extends RestoreVerifyCollectTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.partitions=8", "--gc.partition-threads=3");
  }
}
