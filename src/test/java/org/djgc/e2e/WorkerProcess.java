package org.djgc.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java -jar gc-batch.jar --worker} process, as an operator starts one, whose log the test
 * reads: stopped with SIGTERM, or killed as {@code kill -9} would.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a worker in {@code workingDirectory} with {@code args} after {@code --worker}. */
  static WorkerProcess start(Path jar, Path workingDirectory, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--worker"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("gc-worker", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DJ_") || k.equals("JAVA_OPTS"));
    return new WorkerProcess(builder.start(), log);
  }

  /** Waits until the worker listens on its queue. */
  WorkerProcess awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!log().contains("Worker taking partitions")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Worker did not start (exit " + (process.isAlive() ? "-" : process.exitValue())
            + "):\n" + log());
      }
      Thread.sleep(200);
    }
    return this;
  }

  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code seconds} for the process to end; its exit code, or -1 while it runs. */
  int awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** Stops it as an orchestrator does (SIGTERM), then as kill -9 would if it lingers. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
