package org.djgc.batch.job.remote;

import java.util.Objects;
import java.util.Optional;
import org.djgc.batch.job.support.PartitionLocks;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.core.lock.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.messaging.Message;

/**
 * A worker's side of remote partitioning (spec §4.6b): runs the partition a request names with
 * spring-batch-integration's {@link StepExecutionRequestHandler}, after checks that handler does
 * not make. The request must come from this worker's job repository and name a partition of the
 * manager's execution. The worker takes the partition's lock and runs it only while it is still
 * waiting ({@code STARTING}): a request delivered again (the broker redelivers when a worker dies
 * before acknowledging) for a partition that ran, runs, or was cancelled is dropped, so no
 * partition runs twice. The manager's locks are proven by the partition itself, before it acts.
 */
final class PartitionRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionRequests.class);

  private final JobRepository repository;
  private final RunLocks locks;
  private final RepositoryKey key;
  private final StepExecutionRequestHandler delegate;
  private final WorkerIdleness idleness;

  PartitionRequests(JobRepository repository, RunLocks locks, RepositoryKey key, WorkerSteps steps,
      WorkerIdleness idleness) {
    this.repository = repository;
    this.locks = locks;
    this.key = key;
    this.idleness = idleness;
    this.delegate = new StepExecutionRequestHandler();
    delegate.setJobRepository(repository);
    delegate.setStepLocator(steps);
  }

  /** Handles one request; throws (the broker drops the message) when it is not this repository's. */
  void handle(Message<?> message) {
    if (!(message.getPayload() instanceof StepExecutionRequest request)) {
      throw new AmqpRejectAndDontRequeueException("Not a partition request: " + message.getPayload().getClass());
    }
    Object from = message.getHeaders().get(RepositoryKey.HEADER);
    if (!key.value().equals(from)) {
      LOG.error("Dropping a request for partition step execution {} from job repository {}; this worker's is {}"
          + " (two installations share queue and broker?)", request.getStepExecutionId(), from, key.value());
      throw new AmqpRejectAndDontRequeueException("Request from another job repository: " + from);
    }
    idleness.busy();
    try {
      run(request, message.getHeaders().get(RepositoryKey.JOB_EXECUTION_HEADER));
    } finally {
      idleness.idle();
    }
  }

  private void run(StepExecutionRequest request, Object jobExecution) {
    StepExecution partition;
    try {
      partition = repository.getStepExecution(request.getStepExecutionId());
    } catch (org.springframework.dao.EmptyResultDataAccessException e) {
      partition = null;
    }
    if (partition == null || !Objects.equals(jobExecution, partition.getJobExecutionId())
        || !partition.getStepName().startsWith(request.getStepName() + ":")) {
      LOG.error("Dropping request {}: no such partition of execution {} in this job repository", request,
          jobExecution);
      return;
    }
    Optional<StoreLock> lock = locks.tryLock(PartitionLocks.name(partition.getId()));
    if (lock.isEmpty()) {
      LOG.warn("Partition {} of execution {} runs on another worker; dropping this delivery", partition.getStepName(),
          jobExecution);
      return;
    }
    try (StoreLock held = lock.get()) {
      StepExecution current = repository.getStepExecution(partition.getId());
      if (current.getStatus() != BatchStatus.STARTING) {
        LOG.warn("Partition {} of execution {} is {}, not waiting; dropping this delivery", current.getStepName(),
            jobExecution, current.getStatus());
        return;
      }
      LOG.info("Running partition {} of execution {}", current.getStepName(), jobExecution);
      StepExecution ran = delegate.handle(request);
      StepExecution stored = repository.getStepExecution(ran.getId());
      if (stored.getStatus().isRunning() && !ran.getStatus().isRunning()) {
        // the step threw before it could record its end: record it, so the manager stops waiting
        repository.update(ran);
      }
      LOG.info("Partition {} of execution {} ended {}", ran.getStepName(), jobExecution, ran.getStatus());
    }
  }
}
