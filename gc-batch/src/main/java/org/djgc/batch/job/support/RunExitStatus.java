package org.djgc.batch.job.support;

import org.springframework.batch.core.ExitStatus;

/** dj-gc's job exit statuses, recorded in {@code BATCH_JOB_EXECUTION.EXIT_CODE}. */
public final class RunExitStatus {
  /** The run completed but found reasons to refuse destructive work (findings, scan errors). */
  public static final String FAILED_CLOSED = "FAILED_CLOSED";

  /** The run completed, but some objects failed (each is logged and recorded): exit code 1. */
  public static final String COMPLETED_WITH_ERRORS = "COMPLETED_WITH_ERRORS";

  private RunExitStatus() {}

  public static ExitStatus withObjectErrors(String description) {
    return new ExitStatus(COMPLETED_WITH_ERRORS, description);
  }

  public static ExitStatus failedClosed(String description) {
    return new ExitStatus(FAILED_CLOSED, description);
  }
}
