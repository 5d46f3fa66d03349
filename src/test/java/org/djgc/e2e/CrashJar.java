package org.djgc.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Runs a private copy of the packaged {@code gc-batch.jar} ({@link GcJar#jar()}), taken once, so a
 * rebuild of {@code gc-batch/target} while the suite runs cannot swap the jar between a crashed run
 * and its restart. Same conventions as {@link GcJar}: {@code java -jar}, no {@code DJ_*} environment;
 * always with the test switch, since every crash test sets {@code gc.testing.*}.
 */
final class CrashJar {
  private final Path jar;

  private CrashJar(Path jar) {
    this.jar = jar;
  }

  /** Copies the packaged jar into {@code directory}, retrying while it is being rewritten. */
  static CrashJar copyInto(Path directory) throws IOException, InterruptedException {
    Path copy = directory.resolve("gc-batch.jar");
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        Files.copy(GcJar.jar(), copy, StandardCopyOption.REPLACE_EXISTING);
        try (JarFile check = new JarFile(copy.toFile())) {
          if (check.getManifest() != null && check.getManifest().getMainAttributes().getValue("Main-Class") != null) {
            return new CrashJar(copy);
          }
        }
        last = new IOException("no Main-Class in " + copy);
      } catch (IOException | IllegalStateException e) {
        last = e instanceof IOException io ? io : new IOException(e);
      }
      Thread.sleep(1000);
    }
    throw last;
  }

  GcJar.Result run(Path workingDirectory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        GcJar.TESTING_SWITCH, "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("gc-out", ".txt");
    Path err = Files.createTempFile("gc-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DJ_"));
    Process process = builder.start();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("gc-batch.jar did not finish within 5 minutes: " + args);
      }
      return new GcJar.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
