package org.djgc.batch.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.djgc.batch.GcBatchApplication;
import org.djgc.batch.cli.ExitCode;

/** Runs the command line in-process, as {@code java -jar gc-batch.jar} would, capturing its output. */
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
