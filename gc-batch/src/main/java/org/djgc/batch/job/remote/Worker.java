package org.djgc.batch.job.remote;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.djgc.batch.config.GcProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A worker process ({@code --worker}): runs partitions as requests arrive until it is stopped
 * (SIGTERM) or, with {@code gc.remote.worker-idle-exit}, has had none for that long.
 */
public final class Worker implements ApplicationListener<ContextClosedEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private final WorkerIdleness idleness;
  private final GcProperties.Remote settings;
  private final RepositoryKey key;
  private final CountDownLatch closed = new CountDownLatch(1);

  Worker(WorkerIdleness idleness, GcProperties.Remote settings, RepositoryKey key) {
    this.idleness = idleness;
    this.settings = settings;
    this.key = key;
  }

  /** Blocks until the worker should stop. */
  public void awaitEnd() throws InterruptedException {
    LOG.info("Worker taking partitions from queue {} for job repository {}{}", settings.queue(), key.value(),
        settings.workerIdleExit() == null ? "" : "; stops after " + settings.workerIdleExit() + " without one");
    Duration idleExit = settings.workerIdleExit();
    while (!closed.await(1, TimeUnit.SECONDS)) {
      if (idleExit != null && idleness.idleFor().compareTo(idleExit) > 0) {
        LOG.info("No partition for {} (gc.remote.worker-idle-exit); stopping", idleExit);
        return;
      }
    }
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    closed.countDown();
  }
}
