package org.djgc.core.quarantine;

/**
 * The life of a quarantined object (spec §6.4). Every change is a conditional update on the
 * expected state, so a replayed chunk can never apply a transition twice.
 */
public enum QuarantineState {
  /** Row committed, file not yet (or not verifiably) in the trash. */
  MOVING,
  /** In the trash, original path empty; waiting for grace. */
  QUARANTINED,
  /** Being deleted from the trash. */
  PURGING,
  /** Deleted from the trash. Terminal. */
  PURGED,
  /** Being moved back to its original path. */
  RESTORING,
  /** Back at its original path (or identical content was already there). Terminal. */
  RESTORED,
  /** The original path is occupied by other content; kept in the trash, never overwritten. */
  CONFLICT,
  /**
   * Neither the original nor the trash copy was found. Terminal for every automatic step; an error.
   * An operator restore takes the row again when its trash copy reappears.
   */
  MISSING,
  /**
   * A purge's conditional delete found another etag: the trash object is no longer the recorded
   * one. Kept, never purged or healed automatically; an operator restore moves it back.
   */
  CHANGED;

  /** Whether no further transition can happen. */
  public boolean terminal() {
    return this == PURGED || this == RESTORED || this == MISSING;
  }
}
