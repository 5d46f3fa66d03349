package org.djgc.core.error;

/**
 * What kind of failure a {@link GcException} is. The command line maps each category to one exit
 * code, and Spring Batch uses it to decide what may be retried.
 */
public enum FailureCategory {
  /** Bad configuration or bad command-line input: nothing ran. Exit code 2. */
  CONFIGURATION,
  /** A safety gate refused the run: nothing was moved or deleted. Exit code 3. */
  SAFETY_GATE,
  /** Another run holds the store's lock. Exit code 4. */
  LOCKED,
  /** Storage or database failed in a way a restart may cure. Exit code 5. */
  TRANSIENT
}
