package org.djgc.batch.job.remote;

import javax.sql.DataSource;
import org.djgc.batch.job.support.PartitionLocks;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Move and delete partitions that still run on a worker after their manager is gone (spec §4.6d).
 * A worker proves its manager's locks before each chunk, but a chunk it began finishes: until it
 * ends, a new destructive run (or a restart) would recover, heal or claim that chunk's rows beside
 * it, and could leave a file it revives in the trash. So every destructive run, once it holds the
 * store lock, refuses (exit 4) while such a partition exists.
 */
@Component
public class OrphanedPartitions {
  private final JdbcTemplate metadata;
  private final RunLocks locks;

  public OrphanedPartitions(DataSource metadata, RunLocks locks) {
    this.metadata = new JdbcTemplate(metadata);
    this.locks = locks;
  }

  /**
   * Fails (exit 4) while a {@code moveSlice} or {@code deleteSlice} partition marked running holds
   * its partition lock (a worker runs it) and its manager's execution lock is free (the manager is
   * gone), naming both.
   */
  public void refuseWhileAnyRuns() {
    metadata.query("SELECT STEP_EXECUTION_ID, STEP_NAME, JOB_EXECUTION_ID FROM BATCH_STEP_EXECUTION"
        + " WHERE STATUS IN ('STARTING', 'STARTED')"
        + " AND (STEP_NAME LIKE '%.moveSlice:%' OR STEP_NAME LIKE '%.deleteSlice:%')", row -> {
          long partition = row.getLong(1);
          long execution = row.getLong(3);
          String lock = PartitionLocks.name(partition);
          if (!locks.isFree(lock) && locks.executionGone(execution)) {
            throw new GcException(FailureCategory.LOCKED, "Partition " + row.getString(2) + " of execution "
                + execution + " still runs on a worker (it holds " + lock + ") although its manager is gone: it may"
                + " finish the chunk it began; run again when it has ended");
          }
        });
  }
}
