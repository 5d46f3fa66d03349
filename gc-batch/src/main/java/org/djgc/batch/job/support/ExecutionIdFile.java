package org.djgc.batch.job.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.djgc.core.config.ConfigurationException;
import org.springframework.stereotype.Component;

/**
 * {@code --execution-id-file=PATH}: the id of each job execution, written to {@code PATH} as the
 * execution starts (before any step), so a scheduler can restart a failed or killed run with
 * {@code --restart=<id>} without reading logs. Written whole or not at all (a new file renamed
 * into place); a command that runs two executions ({@code collect}) leaves the last one's id.
 */
@Component
public class ExecutionIdFile {
  private volatile Optional<Path> target = Optional.empty();

  /**
   * Where this process's executions are recorded; the directory must exist and be writable, else
   * exit 2 naming it before any job starts.
   */
  public void target(Optional<Path> path) {
    path.ifPresent(file -> {
      Path directory = file.toAbsolutePath().getParent();
      if (directory == null || !Files.isDirectory(directory) || !Files.isWritable(directory)) {
        throw new ConfigurationException("--execution-id-file " + file + ": directory " + directory
            + " does not exist or is not writable; nothing ran");
      }
    });
    target = path;
  }

  /**
   * Records {@code executionId}, which completed earlier, as this command's execution: a launch
   * whose {@code --run-key} names a completed run starts none.
   */
  public void writeCompleted(long executionId) {
    written(executionId);
  }

  /** Records {@code executionId} as the one that just started. */
  void written(long executionId) {
    Optional<Path> file = target;
    if (file.isEmpty()) {
      return;
    }
    Path path = file.get().toAbsolutePath();
    try {
      Path partial = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".partial");
      Files.writeString(partial, executionId + "\n", StandardCharsets.UTF_8);
      Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the execution id to " + path + " (--execution-id-file)", e);
    }
  }
}
