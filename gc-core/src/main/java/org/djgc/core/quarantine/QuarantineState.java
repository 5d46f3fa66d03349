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
  /** Neither the original nor the trash copy exists. Terminal; an error. */
  MISSING;

  /** Whether no further transition can happen. */
  public boolean terminal() {
    return this == PURGED || this == RESTORED || this == MISSING;
  }
}
