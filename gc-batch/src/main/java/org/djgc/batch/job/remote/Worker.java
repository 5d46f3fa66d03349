package org.djgc.batch.job.remote;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.WorkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * A worker process ({@code --worker}): runs partitions as requests arrive until it is stopped
 * (SIGTERM) or, with {@code gc.remote.worker-idle-exit}, has had none for that long.
 */
public final class Worker implements ApplicationListener<ContextClosedEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private final WorkerIdleness idleness;
  private final GcProperties.Remote settings;
  private final RepositoryKey key;
  private final Lifecycle inbound;
  private final WorkFiles workFiles;
  private final JobRepository repository;
  private final CountDownLatch closed = new CountDownLatch(1);

  Worker(WorkerIdleness idleness, GcProperties.Remote settings, RepositoryKey key,
      Lifecycle inbound, WorkFiles workFiles,
      JobRepository repository) {
    this.idleness = idleness;
    this.settings = settings;
    this.key = key;
    this.inbound = inbound;
    this.workFiles = workFiles;
    this.repository = repository;
  }

  /** Blocks until the worker should stop. */
  public void awaitEnd() throws InterruptedException {
    removeLeftovers();
    LOG.info("Worker taking partitions from queue {} for job repository {}{}", settings.queue(), key.value(),
        settings.workerIdleExit() == null ? "" : "; stops after " + settings.workerIdleExit() + " without one");
    Duration idleExit = settings.workerIdleExit();
    while (!closed.await(1, TimeUnit.SECONDS)) {
      if (idleExit != null && idleness.idleFor().compareTo(idleExit) > 0) {
        LOG.info("No partition for {} (gc.remote.worker-idle-exit); stopping", idleExit);
        // take no more requests (one not yet started goes back to the queue), finish one just taken
        inbound.stop();
        while (idleness.running() > 0) {
          Thread.sleep(200);
        }
        return;
      }
    }
  }

  /**
   * Partition directories a killed worker left in {@code gc.work-dir}: removed unless their
   * partition still runs (another worker may share the directory).
   */
  private void removeLeftovers() {
    for (long id : workFiles.partitionDirectories()) {
      StepExecution partition;
      try {
        partition = repository.getStepExecution(id);
      } catch (EmptyResultDataAccessException e) {
        partition = null;
      }
      if (partition == null || !partition.getStatus().isRunning()) {
        LOG.info("Removing the work directory a stopped worker left for partition step execution {}", id);
        workFiles.deletePartition(id);
      }
    }
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    closed.countDown();
  }
}
