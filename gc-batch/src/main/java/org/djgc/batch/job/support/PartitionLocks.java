package org.djgc.batch.job.support;

/**
 * The lock a process holds while it runs a partition, on the DataJoint server like the store and
 * execution locks: a partition marked running whose lock is free has lost its process.
 */
public final class PartitionLocks {
  private PartitionLocks() {}

  /** The lock of the partition whose step execution is {@code stepExecutionId}. */
  public static String name(long stepExecutionId) {
    return "djgc-part-" + stepExecutionId;
  }
}
