package org.djgc.batch.job.support;

import java.util.Locale;

/**
 * The counters of a run (spec §7.8), in report order. Each is reported, recorded in the job
 * execution context and exported as a metric under its {@link #key()}; a step names the enum
 * constant, so a misspelt counter does not compile.
 */
public enum Counter {
  CANDIDATES, CANDIDATE_BYTES, TOO_YOUNG, ALREADY_QUARANTINED, QUARANTINED, QUARANTINED_BYTES, RECOVERED, IN_GRACE,
  PURGED, BYTES_PURGED, RESTORED_HEALED, RESTORED_OPERATOR, CONFLICTS, MISSING, MOVE_ERRORS, DELETE_ERRORS, UNTRACKED,
  FOREIGN, SIZE_MISMATCH, REBUILT, NOT_JUDGED, CHANGED;

  /** The name in reports, execution contexts and metrics: {@code candidate_bytes}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The counter a key names (as a partition's execution context carries it). */
  public static Counter ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
