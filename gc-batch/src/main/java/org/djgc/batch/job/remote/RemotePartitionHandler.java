package org.djgc.batch.job.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.PartitionLocks;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;

/**
 * The manager's side of remote partitioning (spec §4.6b): sends one {@link StepExecutionRequest}
 * per partition (spring-batch-integration's message) to the broker, then follows the partitions in
 * the job repository. Spring's own {@code MessageChannelPartitionHandler} polls the same way but
 * knows only a total timeout, which cannot tell a slow run from one without workers; this one fails
 * (exit 5, restartable) when partitions wait {@code gc.remote.timeout} while none runs and none
 * changed state,
 * and as soon as a partition marked running has lost its worker (its partition lock is free). On
 * failure it marks the partitions no worker took as failed, so a late worker drops their requests.
 */
final class RemotePartitionHandler extends AbstractPartitionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RemotePartitionHandler.class);

  private final String workerStep;
  private final MessageChannel requests;
  private final JobRepository repository;
  private final RunLocks locks;
  private final RepositoryKey key;
  private final Duration timeout;
  private final Duration pollInterval;
  private final String queue;
  private final CrashPoints crash;

  RemotePartitionHandler(String workerStep, MessageChannel requests, JobRepository repository, RunLocks locks,
      RepositoryKey key, Duration timeout, Duration pollInterval, String queue, CrashPoints crash) {
    this.crash = crash;
    this.workerStep = workerStep;
    this.requests = requests;
    this.repository = repository;
    this.locks = locks;
    this.key = key;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.queue = queue;
  }

  @Override
  protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
    List<StepExecution> ordered = partitions.stream().sorted(Comparator.comparing(StepExecution::getStepName)).toList();
    for (StepExecution partition : ordered) {
      requests.send(MessageBuilder.withPayload(new StepExecutionRequest(workerStep, partition.getId()))
          .setHeader(RepositoryKey.HEADER, key.value())
          .setHeader(RepositoryKey.JOB_EXECUTION_HEADER, manager.getJobExecutionId())
          .build());
    }
    LOG.info("Sent {} partition(s) of execution {} to queue {}; waiting for workers", ordered.size(),
        manager.getJobExecutionId(), queue);
    crash.reached(manager.getStepName() + ".sent");
    return follow(manager.getJobExecutionId(), ordered);
  }

  private Set<StepExecution> follow(long jobExecution, List<StepExecution> partitions) throws InterruptedException {
    Map<Long, BatchStatus> seen = new HashMap<>();
    Instant progress = Instant.now();
    Set<Long> ids = partitions.stream().map(StepExecution::getId).collect(java.util.stream.Collectors.toSet());
    while (true) {
      Thread.sleep(pollInterval.toMillis());
      // the execution and its steps, read as Spring's MessageChannelPartitionHandler reads them
      List<StepExecution> now = repository.getJobExecution(jobExecution).getStepExecutions().stream()
          .filter(p -> ids.contains(p.getId())).toList();
      boolean changed = false;
      for (StepExecution current : now) {
        changed |= seen.put(current.getId(), current.getStatus()) != current.getStatus();
      }
      if (changed || now.stream().anyMatch(p -> p.getStatus() == BatchStatus.STARTED)) {
        // a partition ran or runs: workers are there, however long each partition takes
        progress = Instant.now();
      }
      if (now.stream().noneMatch(p -> p.getStatus().isRunning())) {
        return Set.copyOf(now);
      }
      for (StepExecution partition : now) {
        if (partition.getStatus() == BatchStatus.STARTED && lostItsWorker(partition)) {
          throw fail(jobExecution, now, "the worker running partition " + partition.getStepName() + " is gone (its"
              + " lock " + PartitionLocks.name(partition.getId()) + " is free)");
        }
      }
      List<String> waiting = now.stream().filter(p -> p.getStatus() == BatchStatus.STARTING)
          .map(StepExecution::getStepName).toList();
      if (!waiting.isEmpty() && Duration.between(progress, Instant.now()).compareTo(timeout) > 0) {
        throw fail(jobExecution, now, waiting.size() + " partition(s) waited " + timeout + " (gc.remote.timeout) and"
            + " no worker took any (queue " + queue + "; start workers with --worker)");
      }
    }
  }

  /** Still marked started once its lock is found free: read again, as a worker ends by marking then releasing. */
  private boolean lostItsWorker(StepExecution partition) {
    if (!locks.isFree(PartitionLocks.name(partition.getId()))) {
      return false;
    }
    StepExecution again = repository.getStepExecution(partition.getId());
    return again != null && again.getStatus() == BatchStatus.STARTED;
  }

  private GcException fail(long jobExecution, List<StepExecution> partitions, String reason) {
    List<String> cancelled = new ArrayList<>();
    for (StepExecution partition : partitions) {
      StepExecution current = repository.getStepExecution(partition.getId());
      boolean dead = current.getStatus() == BatchStatus.STARTED && lostItsWorker(current);
      if (current.getStatus() == BatchStatus.STARTING || dead) {
        current.setStatus(BatchStatus.FAILED);
        current.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        current.setEndTime(java.time.LocalDateTime.now());
        try {
          repository.update(current);
          cancelled.add(current.getStepName());
        } catch (org.springframework.dao.OptimisticLockingFailureException e) {
          // a worker took it just now; it runs to its end, and a restart waits for it
        }
      }
    }
    LOG.warn("Execution {}: {}; marked {} partition(s) failed", jobExecution, reason, cancelled.size());
    return new GcException(FailureCategory.TRANSIENT, "Remote partitions of execution " + jobExecution + ": " + reason);
  }
}
