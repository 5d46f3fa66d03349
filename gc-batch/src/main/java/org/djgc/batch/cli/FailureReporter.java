package org.djgc.batch.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import org.djgc.core.error.GcException;

/**
 * Turns a failure into one clear line on stderr and an {@link ExitCode}. Messages come from our
 * own exceptions or the JDBC driver, neither of which carries passwords or storage keys.
 */
public final class FailureReporter {
  private FailureReporter() {}

  /**
   * Reports a failure that stopped a command before or outside a job: one line, and with
   * {@code --debug} the failure's stack trace after it.
   */
  public static ExitCode report(Throwable failure, PrintStream err, boolean debug) {
    ExitCode code = report(failure, err);
    if (debug) {
      failure.printStackTrace(err);
    }
    return code;
  }

  /** Reports a failure that stopped a command before or outside a job, in one line. */
  public static ExitCode report(Throwable failure, PrintStream err) {
    GcException gc = find(failure, GcException.class);
    if (gc != null) {
      err.println("dj-gc: " + gc.getMessage());
      return forCategory(gc);
    }
    SQLException sql = find(failure, SQLException.class);
    if (sql != null) {
      err.println("dj-gc: cannot use the database: " + firstLine(sql.getMessage())
          + " (check database.host/port/user in datajoint.json, .secrets/ or DJ_HOST/DJ_PORT/DJ_USER/DJ_PASS)");
      return ExitCode.USAGE;
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    err.println("dj-gc: failed: " + firstLine(String.valueOf(root.getMessage())) + " (" + root.getClass().getName() + ")");
    return ExitCode.FAILED;
  }

  /** The exit code for one of our exceptions. */
  public static ExitCode forCategory(GcException e) {
    return switch (e.category()) {
      case CONFIGURATION -> ExitCode.USAGE;
      case SAFETY_GATE -> ExitCode.REFUSED;
      case LOCKED -> ExitCode.LOCKED;
      case TRANSIENT -> ExitCode.FAILED;
    };
  }

  static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
