package org.djgc.batch.interleaving;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts over every chain of a JVM, printed by {@link #summary} (and read by {@code scripts/soak.sh}).
 * {@code tries} counts chains started, shrinking replays included; {@code violations} the chains that
 * failed, shrinking replays included (0 means none ever failed).
 */
final class ChainStats {
  static final AtomicLong TRIES = new AtomicLong();
  static final AtomicLong ACTIONS = new AtomicLong();
  static final AtomicLong GC_RUNS = new AtomicLong();
  static final AtomicLong RACES = new AtomicLong();
  static final AtomicLong OVERLAPS = new AtomicLong();
  static final AtomicLong KILLS = new AtomicLong();
  static final AtomicLong RESTARTS = new AtomicLong();
  static final AtomicLong PURGED = new AtomicLong();
  static final AtomicLong VIOLATIONS = new AtomicLong();

  /** When this JVM's first chain failed (nanoTime), or 0. */
  private static final AtomicLong FIRST_FAILURE = new AtomicLong();

  private ChainStats() {}

  /** Marks that a chain failed: jqwik now shrinks it, within {@code jqwik.shrinking.bounded.seconds}. */
  static void failed() {
    FIRST_FAILURE.compareAndSet(0, System.nanoTime());
  }

  /**
   * jqwik stops waiting for a bounded shrink but leaves its thread replaying chains against the
   * database; once the bound (plus a margin) has passed, new chains refuse to start, so that thread
   * ends and the JVM can exit. The shrunk chain was reported when the bound was reached.
   */
  static void refuseAfterShrinkingBound() {
    long first = FIRST_FAILURE.get();
    long bound = Long.getLong("jqwik.shrinking.bounded.seconds", 240) + 10;
    if (first != 0 && System.nanoTime() - first > java.util.concurrent.TimeUnit.SECONDS.toNanos(bound)) {
      throw new IllegalStateException("a chain of this JVM failed and the bound of its shrinking has passed: no more"
          + " chains run in this JVM (see the first failure)");
    }
  }

  /** Starts the counts afresh (each property class prints its own). */
  static void reset() {
    for (AtomicLong counter : List.of(TRIES, ACTIONS, GC_RUNS, RACES, OVERLAPS, KILLS, RESTARTS, PURGED, VIOLATIONS)) {
      counter.set(0);
    }
  }

  static String summary(String label) {
    return "interleavings[" + label + "]: tries=" + TRIES + " actions=" + ACTIONS + " gc-runs=" + GC_RUNS + " races="
        + RACES + " overlaps=" + OVERLAPS + " kills=" + KILLS + " restarts=" + RESTARTS + " files-purged=" + PURGED
        + " violations=" + VIOLATIONS;
  }
}
