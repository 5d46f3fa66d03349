package org.djgc.batch.job.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.djgc.batch.config.GcProperties;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/** The scratch directory of one job execution: sorted spill files passed between steps. */
@Component
public class WorkFiles {
  public static final String REFERENCES = "references.bin";
  public static final String LISTING = "listing.bin";
  public static final String ORPHANS = "orphans.bin";
  public static final String FINDINGS = "findings.bin";

  private final Path root;

  public WorkFiles(GcProperties properties) {
    this.root = properties.workDirectory();
  }

  /**
   * Fails (exit 2, before anything runs) unless the work directory exists or can be created, and
   * takes a file: a run that cannot spill would fail half-way.
   */
  public void checkWritable() {
    try {
      Files.createDirectories(root);
      Files.delete(Files.createTempFile(root, ".probe-", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new org.djgc.core.config.ConfigurationException("gc.work-dir " + root + " is not a writable directory ("
          + e + "); set gc.work-dir to one this user can write", e);
    }
  }

  /** The execution's directory, created when missing. */
  public Path directory(JobExecution execution) {
    return create(root.resolve("execution-" + execution.getId()));
  }

  /** The scratch directory of one partition run by a remote worker, created when missing. */
  public Path partitionDirectory(org.springframework.batch.core.step.StepExecution partition) {
    return create(root.resolve("partition-" + partition.getId()));
  }

  /**
   * The scratch directory of one partition, created when missing: below its execution's directory
   * when a thread of the run's own process runs it (concurrent partitions must not share file
   * names), else as {@link #partitionDirectory(org.springframework.batch.core.step.StepExecution)}.
   */
  public Path partitionDirectory(org.springframework.batch.core.step.StepExecution partition, boolean remote) {
    return remote ? partitionDirectory(partition)
        : create(directory(partition.getJobExecution()).resolve("partition-" + partition.getId()));
  }

  /** Deletes {@link #partitionDirectory(org.springframework.batch.core.step.StepExecution, boolean)}. */
  public void deletePartition(org.springframework.batch.core.step.StepExecution partition, boolean remote) {
    if (remote) {
      deletePartition(partition);
    } else {
      deleteTree(directory(partition.getJobExecution()).resolve("partition-" + partition.getId()));
    }
  }

  /** Deletes {@link #partitionDirectory}. */
  public void deletePartition(org.springframework.batch.core.step.StepExecution partition) {
    deletePartition(partition.getId());
  }

  /** Deletes the partition directory of step execution {@code stepExecutionId}. */
  public void deletePartition(long stepExecutionId) {
    deleteTree(root.resolve("partition-" + stepExecutionId));
  }

  /** The step execution ids of the partition directories present (a killed worker leaves its own). */
  public java.util.List<Long> partitionDirectories() {
    if (!Files.isDirectory(root)) {
      return java.util.List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("partition-\\d+"))
          .map(n -> Long.parseLong(n.substring("partition-".length()))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list work directory " + root, e);
    }
  }

  /** Deletes the execution's directory and everything in it. */
  public void delete(JobExecution execution) {
    deleteTree(root.resolve("execution-" + execution.getId()));
  }

  private static Path create(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create work directory " + directory + " (gc.work-dir)", e);
    }
  }

  /** Deletes {@code directory} and everything below it, if present. */
  public static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean work directory " + directory, e);
    }
  }
}
