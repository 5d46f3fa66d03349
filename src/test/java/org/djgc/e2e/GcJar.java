package org.djgc.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code gc-batch.jar} as operators do: {@code java -jar}, in a working directory. */
final class GcJar {
  /**
   * The JVM option that unlocks {@code gc.testing.*} (spec §3.4): only tests and drills pass it; a
   * run without it refuses the testing keys.
   */
  static final String TESTING_SWITCH = "-Ddjgc.testing=true";

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private GcJar() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("gc.jar", "gc-batch/target/gc-batch.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Packaged jar not found: " + jar.toAbsolutePath());
    }
    return jar;
  }

  /** The Hadoop add-on, {@code gc-hadoop.jar}, that a run loads with {@code LOADER_PATH}. */
  static Path hadoopAddOn() {
    Path jar = Path.of(System.getProperty("gc.hadoop.jar", "gc-hadoop-addon/target/gc-hadoop.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Hadoop add-on not found: " + jar.toAbsolutePath());
    }
    return jar.toAbsolutePath();
  }

  static Result run(Path workingDirectory, Map<String, String> env, String... args) throws IOException,
      InterruptedException {
    return run(List.of(), workingDirectory, env, args);
  }

  /** As {@link #run(Path, Map, String...)}, with the test switch that unlocks {@code gc.testing.*}. */
  static Result runTesting(Path workingDirectory, Map<String, String> env, String... args) throws IOException,
      InterruptedException {
    return run(List.of(TESTING_SWITCH), workingDirectory, env, args);
  }

  /** Runs {@code java <jvmOptions> -jar gc-batch.jar <args>}. */
  static Result run(List<String> jvmOptions, Path workingDirectory, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return exec(command, workingDirectory, env);
  }

  /**
   * Runs a command that runs the jar (the JVM, or a launcher script) in {@code workingDirectory},
   * with the caller's environment minus every {@code DJ_*} variable, {@code JAVA_OPTS} and
   * {@code LOADER_PATH}, plus {@code env}.
   */
  static Result exec(List<String> command, Path workingDirectory, Map<String, String> env) throws IOException,
      InterruptedException {
    Path out = Files.createTempFile("gc-out", ".txt");
    Path err = Files.createTempFile("gc-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DJ_") || k.equals("JAVA_OPTS")
        || k.equals("LOADER_PATH"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("gc-batch.jar did not finish within 5 minutes: " + command);
    }
    Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }
}
