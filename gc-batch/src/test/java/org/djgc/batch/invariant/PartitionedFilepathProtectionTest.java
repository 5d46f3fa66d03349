package org.djgc.batch.invariant;

import java.util.List;

/**
 * {@link FilepathProtectionTest} with the scan cut into 8 partitions (issue 11): a skipped section's
 * slices list nothing, an opted-in one's are collected, referenced user files survive either way.
 */
class PartitionedFilepathProtectionTest extends FilepathProtectionTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.partitions=8");
  }
}
