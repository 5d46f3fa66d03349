package org.djgc.batch.interleaving;

import java.util.concurrent.atomic.AtomicLong;

/** Counts over every chain of a JVM, printed by {@link #summary()} (and by {@code scripts/soak.sh}). */
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

  private ChainStats() {}

  static String summary(String label) {
    return "interleavings[" + label + "]: tries=" + TRIES + " actions=" + ACTIONS + " gc-runs=" + GC_RUNS + " races="
        + RACES + " overlaps=" + OVERLAPS + " kills=" + KILLS + " restarts=" + RESTARTS + " files-purged=" + PURGED
        + " violations=" + VIOLATIONS;
  }
}
