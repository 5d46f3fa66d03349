package org.djgc.core.storage;

/** The result of deleting one object. Deletes are idempotent: a missing object is not a failure. */
public enum DeleteOutcome {
  /** The object existed and was deleted. */
  DELETED,
  /** The object did not exist (already deleted, or never there). */
  ABSENT
}
