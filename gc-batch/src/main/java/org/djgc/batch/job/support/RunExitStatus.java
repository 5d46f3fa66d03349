package org.djgc.batch.job.support;

import org.springframework.batch.core.ExitStatus;

/** dj-gc's job exit statuses, recorded in {@code BATCH_JOB_EXECUTION.EXIT_CODE}. */
public final class RunExitStatus {
  /** The run completed but found reasons to refuse destructive work (findings, scan errors). */
  public static final String FAILED_CLOSED = "FAILED_CLOSED";

  private RunExitStatus() {}

  public static ExitStatus failedClosed(String description) {
    return new ExitStatus(FAILED_CLOSED, description);
  }
}
