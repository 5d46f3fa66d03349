package org.djgc.batch.job.partition;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Creates the partitions of a partition step (spec §4.6, §4.6d). A first run, and the restart of a
 * run whose partition step had completed, run every partition afresh. The restart of a run that
 * failed in this step runs again only the partitions without an earlier one that {@link Reuse}
 * accepts: for {@code scanSlices}, a completed partition that scanned what is planned now and
 * whose output is still in the work area ({@code mergeSlices} takes it from the earlier
 * execution); for moves, a completed partition (its slice's moves are done); for deletes, none. A partition an
 * earlier execution left running must be proven dead (its lock free) and is marked failed; one
 * that still runs on a live worker fails the restart. Every new partition gets a fresh context
 * from the partitioner (this run's plan and manager locks).
 */
final class SliceSplitter implements StepExecutionSplitter {
  private final JobRepository repository;
  private final String workerStep;
  private final Partitioner partitioner;
  private final RunLocks locks;
  private final Reuse reuse;

  /** Whether a restart may keep an earlier execution's partition instead of running it again. */
  @FunctionalInterface
  interface Reuse {
    boolean reusable(StepExecution last, ExecutionContext planned, JobExecution job);
  }

  SliceSplitter(JobRepository repository, String workerStep, Partitioner partitioner, RunLocks locks, Reuse reuse) {
    this.repository = repository;
    this.workerStep = workerStep;
    this.partitioner = partitioner;
    this.locks = locks;
    this.reuse = reuse;
  }

  /** The splitter of {@code scanSlices}: reuses a completed scan of the slice as planned now, its output stored. */
  static SliceSplitter scans(JobRepository repository, String workerStep, Partitioner partitioner, RunLocks locks,
      SliceExchange exchange) {
    return new SliceSplitter(repository, workerStep, partitioner, locks, (last, planned, job) ->
        last.getStatus() == BatchStatus.COMPLETED
        && planned.getString(SlicePartitioner.SLICE_PLANNED).equals(
            last.getExecutionContext().getString(SlicePartitioner.SLICE_SCANNED, null))
        && exchange.outputExists(job.getJobParameters(), last.getJobExecutionId(),
            planned.getInt(SlicePartitioner.SLICE)));
  }

  /**
   * The splitter of an action step: with {@code stable} partitions, a completed partition's work is
   * done and is not repeated; else every partition runs again.
   */
  static SliceSplitter actions(JobRepository repository, String workerStep, Partitioner partitioner, RunLocks locks,
      boolean stable) {
    return new SliceSplitter(repository, workerStep, partitioner, locks,
        (last, planned, job) -> stable && last.getStatus() == BatchStatus.COMPLETED);
  }

  @Override
  public String getStepName() {
    return workerStep;
  }

  @Override
  public Set<StepExecution> split(StepExecution manager, int gridSize) {
    JobExecution job = manager.getJobExecution();
    boolean restartsFailedStep = previousStepFailed(job, manager.getStepName());
    Map<String, StepExecution> history = SliceHistory.latest(repository, job.getJobInstance(), workerStep);
    Set<StepExecution> partitions = new HashSet<>();
    for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(gridSize).entrySet()) {
      String name = workerStep + ":" + partition.getKey();
      StepExecution last = history.get(name);
      if (last != null && last.getJobExecutionId() != job.getId()) {
        if (last.getStatus().isRunning()) {
          abandon(last);
        } else if (restartsFailedStep && reuse.reusable(last, partition.getValue(), job)) {
          continue;
        }
      }
      StepExecution created = repository.createStepExecution(name, job);
      created.setExecutionContext(partition.getValue());
      repository.updateExecutionContext(created);
      partitions.add(created);
    }
    return partitions;
  }

  /** Whether the last earlier execution of this job instance ran {@code managerStep} and it did not complete. */
  private boolean previousStepFailed(JobExecution job, String managerStep) {
    Optional<JobExecution> previous = repository.getJobExecutions(job.getJobInstance()).stream()
        .filter(e -> e.getId() != job.getId()).max(Comparator.comparingLong(JobExecution::getId));
    return previous.map(e -> repository.getJobExecution(e.getId())).stream()
        .flatMap(e -> e.getStepExecutions().stream()).filter(s -> s.getStepName().equals(managerStep))
        .anyMatch(s -> s.getStatus() != BatchStatus.COMPLETED);
  }

  /**
   * An earlier execution's partition still marked running: failed when its worker is proven gone
   * (its partition lock is free), else the restart fails (a live worker may still write to it).
   */
  private void abandon(StepExecution last) {
    locks.checkPartitionEnded(last);
    StepExecution current = repository.getStepExecution(last.getId());
    if (current != null && current.getStatus().isRunning()) {
      current.setStatus(BatchStatus.FAILED);
      current.setExitStatus(ExitStatus.FAILED.addExitDescription("its process is gone (found by a restart)"));
      current.setEndTime(java.time.LocalDateTime.now());
      repository.update(current);
    }
  }
}
