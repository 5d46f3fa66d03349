package org.djgc.core.quarantine;

/** Why an object went back to its original path. */
public enum RestoreReason {
  /** A live row references it again. */
  HEALED,
  /** An operator asked for it. */
  OPERATOR
}
