package org.djgc.batch.cli;

/**
 * Process exit codes (design §7). Cron, systemd and Airflow read these; never renumber them.
 */
public enum ExitCode {
  /** Done, no per-object errors. */
  OK(0),
  /** Done, but some objects failed (each is logged and recorded). */
  OBJECT_ERRORS(1),
  /** Usage or configuration error: nothing ran. */
  USAGE(2),
  /** Refused by a safety gate: nothing was moved or deleted. */
  REFUSED(3),
  /** Another run holds the store's lock. */
  LOCKED(4),
  /** Failed; restart it with {@code --restart=<jobExecutionId>}. */
  FAILED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * The exit code of an ended job execution, from its batch status and exit status as the job
   * repository stores them; null while it runs (or was left running).
   */
  public static ExitCode ofExecution(String batchStatus, String exitStatus) {
    if (batchStatus == null || java.util.Set.of("STARTING", "STARTED", "STOPPING", "UNKNOWN").contains(batchStatus)) {
      return null;
    }
    if (!"COMPLETED".equals(batchStatus)) {
      return FAILED;
    }
    return switch (exitStatus == null ? "" : exitStatus) {
      case org.djgc.batch.job.support.RunExitStatus.FAILED_CLOSED -> REFUSED;
      case org.djgc.batch.job.support.RunExitStatus.COMPLETED_WITH_ERRORS -> OBJECT_ERRORS;
      default -> OK;
    };
  }
}
