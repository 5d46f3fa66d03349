package org.djgc.batch.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.djgc.batch.GcBatchApplication;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.config.TestingHooks;

/**
 * Runs the command line in-process, as {@code java -jar gc-batch.jar} would, capturing its output.
 * {@link #run} runs as a test JVM ({@code -Ddjgc.testing=true}: {@code gc.testing.*} honoured);
 * {@link #runWithoutTestingSwitch} as production does.
 */
public final class GcCli {
  private GcCli() {}

  /** What one command printed and returned. */
  public record Result(ExitCode exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  public static Result run(String... args) {
    System.setProperty(TestingHooks.SWITCH, "true");
    return execute(args);
  }

  /** Runs without the test switch, as a production JVM: {@code gc.testing.*} must be refused. */
  public static Result runWithoutTestingSwitch(String... args) {
    System.clearProperty(TestingHooks.SWITCH);
    try {
      return execute(args);
    } finally {
      System.setProperty(TestingHooks.SWITCH, "true");
    }
  }

  private static Result execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = GcBatchApplication.run(args, outStream, errStream);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
