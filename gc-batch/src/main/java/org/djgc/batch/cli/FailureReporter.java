package org.djgc.batch.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import org.djgc.core.error.GcException;

/**
 * Turns a failure into one clear line on stderr and an {@link ExitCode}; under
 * {@code --format=json} also a JSON document on stdout ({@code status: failed}, the exit code and
 * the message), so a caller that parses stdout gets one either way. Messages come from our own
 * exceptions or the JDBC driver, neither of which carries passwords or storage keys.
 */
public final class FailureReporter {
  private FailureReporter() {}

  /** A failure as reported: its one-line message and exit code. */
  record Failure(String message, ExitCode code) {}

  /**
   * Reports a failure that stopped a command before or outside a job: one line, with
   * {@code --debug} the failure's stack trace after it, and with {@code --format=json} the document.
   *
   * @param job the job, or null for a restart or a worker
   */
  public static ExitCode report(Throwable failure, String job, OutputFormat format, boolean debug, PrintStream out,
      PrintStream err) {
    Failure described = describe(failure);
    err.println("dj-gc: " + described.message());
    if (debug) {
      failure.printStackTrace(err);
    }
    if (format == OutputFormat.JSON) {
      out.println(json(job, described));
    }
    return described.code();
  }

  /** Reports a failure that stopped a command before or outside a job, in one line. */
  public static ExitCode report(Throwable failure, PrintStream err) {
    Failure described = describe(failure);
    err.println("dj-gc: " + described.message());
    return described.code();
  }

  /** The failure's message and exit code. */
  static Failure describe(Throwable failure) {
    GcException gc = find(failure, GcException.class);
    if (gc != null) {
      return new Failure(gc.getMessage(), forCategory(gc));
    }
    SQLException sql = find(failure, SQLException.class);
    if (sql != null) {
      return new Failure("cannot use the database: " + firstLine(sql.getMessage())
          + " (check database.host/port/user in datajoint.json, .secrets/ or DJ_HOST/DJ_PORT/DJ_USER/DJ_PASS)",
          ExitCode.USAGE);
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new Failure("failed: " + firstLine(String.valueOf(root.getMessage())) + " (" + root.getClass().getName()
        + ")", ExitCode.FAILED);
  }

  /** The document a {@code --format=json} caller gets for a failure outside a job. */
  static String json(String job, Failure failure) {
    com.fasterxml.jackson.databind.node.ObjectNode document =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    document.put("schema_version", org.djgc.batch.job.support.JsonDocuments.SCHEMA_VERSION);
    document.put("job", job);
    document.put("status", "failed");
    document.put("exit_code", failure.code().code());
    document.put("error", failure.message());
    return document.toPrettyString();
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
