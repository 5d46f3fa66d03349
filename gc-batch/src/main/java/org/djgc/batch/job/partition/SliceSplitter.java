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
 * Creates the partitions of {@code scanSlices} (spec §4.6). A first run, and the restart of a run
 * whose scan had completed, scan every slice afresh. The restart of a run that failed in its scan
 * re-scans only the slices without a completed partition that scanned what is planned now and
 * whose output is still in the work area; {@code mergeSlices} takes the others' outputs from the
 * earlier execution. A partition an earlier execution left running must be proven dead (its lock
 * free) and is marked failed; one that still runs on a live worker fails the restart. Every new
 * partition gets a fresh context from the partitioner (this run's plan and manager locks).
 */
final class SliceSplitter implements StepExecutionSplitter {
  private final JobRepository repository;
  private final String workerStep;
  private final Partitioner partitioner;
  private final RunLocks locks;
  private final SliceExchange exchange;

  SliceSplitter(JobRepository repository, String workerStep, Partitioner partitioner, RunLocks locks,
      SliceExchange exchange) {
    this.repository = repository;
    this.workerStep = workerStep;
    this.partitioner = partitioner;
    this.locks = locks;
    this.exchange = exchange;
  }

  @Override
  public String getStepName() {
    return workerStep;
  }

  @Override
  public Set<StepExecution> split(StepExecution manager, int gridSize) {
    JobExecution job = manager.getJobExecution();
    boolean reuse = previousScanFailed(job, manager.getStepName());
    Map<String, StepExecution> history = SliceHistory.latest(repository, job.getJobInstance(), workerStep);
    Set<StepExecution> partitions = new HashSet<>();
    for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(gridSize).entrySet()) {
      String name = workerStep + ":" + partition.getKey();
      StepExecution last = history.get(name);
      if (last != null && last.getJobExecutionId() != job.getId()) {
        if (last.getStatus().isRunning()) {
          abandon(last);
        } else if (reuse && reusable(last, partition.getValue(), job)) {
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

  /** Completed, having scanned the slice as planned now, its output still stored. */
  private boolean reusable(StepExecution last, ExecutionContext planned, JobExecution job) {
    return last.getStatus() == BatchStatus.COMPLETED
        && planned.getString(SlicePartitioner.SLICE_PLANNED).equals(
            last.getExecutionContext().getString(SlicePartitioner.SLICE_SCANNED, null))
        && exchange.outputExists(job.getJobParameters(), last.getJobExecutionId(),
            planned.getInt(SlicePartitioner.SLICE));
  }

  /** Whether the last earlier execution of this job instance ran {@code scanSlices} and it did not complete. */
  private boolean previousScanFailed(JobExecution job, String managerStep) {
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
