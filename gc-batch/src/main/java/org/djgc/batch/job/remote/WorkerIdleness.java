package org.djgc.batch.job.remote;

import java.time.Duration;
import java.time.Instant;

/** How long a worker has gone without a partition (for {@code gc.remote.worker-idle-exit}). */
final class WorkerIdleness {
  private int running;
  private Instant idleSince = Instant.now();

  synchronized void busy() {
    running++;
  }

  synchronized void idle() {
    running--;
    idleSince = Instant.now();
  }

  /** Partitions running now. */
  synchronized int running() {
    return running;
  }

  /** Zero while a partition runs. */
  synchronized Duration idleFor() {
    return running > 0 ? Duration.ZERO : Duration.between(idleSince, Instant.now());
  }
}
