package org.djgc.batch.job.remote;

import javax.sql.DataSource;
import org.djgc.batch.job.support.PartitionLocks;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.lock.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
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
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPartitions.class);

  private final JdbcTemplate metadata;
  private final RunLocks locks;
  private final JobRepository repository;

  public OrphanedPartitions(DataSource metadata, RunLocks locks, JobRepository repository) {
    this.metadata = new JdbcTemplate(metadata);
    this.locks = locks;
    this.repository = repository;
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

  /**
   * Before {@code execution} is restarted (its own process is gone): marks failed each of its steps
   * still marked running that no process runs. A worker killed in its partition after the manager
   * ended leaves the partition {@code STARTED}, and Spring Batch refuses every restart of an
   * execution with a running step ("already running"). Each step's partition lock is taken before
   * the step is read again and marked, so no worker starts or ends it meanwhile; fails (exit 4)
   * while a worker holds one (spec §4.6: a restart never scans a slice beside a worker still
   * scanning it).
   */
  public void failAbandoned(JobExecution execution) {
    for (StepExecution step : execution.getStepExecutions()) {
      if (!step.getStatus().isRunning()) {
        continue;
      }
      try (StoreLock held = locks.lockPartition(step)) {
        StepExecution current = repository.getStepExecution(step.getId());
        if (current == null || !current.getStatus().isRunning()) {
          continue;
        }
        LOG.warn("Step {} of execution {} was left {} by a process that is gone; marking it failed",
            current.getStepName(), execution.getId(), current.getStatus());
        current.setStatus(BatchStatus.FAILED);
        current.setExitStatus(ExitStatus.FAILED.addExitDescription(
            "abandoned: the process running it was gone when execution " + execution.getId() + " was restarted"));
        current.setEndTime(java.time.LocalDateTime.now());
        repository.update(current);
      }
    }
  }
}
