package org.djgc.core.work;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A work area in a directory every process of the run mounts: {@code root/execution-<id>/<name>}.
 * A file is copied beside its final name and renamed into place, so it appears whole.
 */
public final class DirectoryWorkArea implements WorkArea {
  private static final String PREFIX = "execution-";
  private final Path root;

  public DirectoryWorkArea(Path root) {
    this.root = root;
  }

  @Override
  public void put(long execution, String name, Path file) {
    Path target = path(execution, name);
    try {
      Files.createDirectories(target.getParent());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new WorkAreaException("Cannot store work file " + name + " of execution " + execution + " in " + root
          + ": " + e, e);
    }
  }

  @Override
  public void get(long execution, String name, Path target) {
    try {
      Files.copy(path(execution, name), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      throw new WorkAreaException("Work file " + name + " of execution " + execution + " is missing in " + root);
    } catch (IOException e) {
      throw new WorkAreaException("Cannot read work file " + name + " of execution " + execution + " in " + root
          + ": " + e, e);
    }
  }

  @Override
  public boolean exists(long execution, String name) {
    return Files.isRegularFile(path(execution, name));
  }

  @Override
  public void deleteFiles(long execution, String namePrefix) {
    Path directory = path(execution, namePrefix).getParent();
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(namePrefix)).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new WorkAreaException("Cannot delete work files " + namePrefix + "* of execution " + execution + " in "
          + root + ": " + e, e);
    }
  }

  @Override
  public void deleteExecution(long execution) {
    Path directory = root.resolve(PREFIX + execution);
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new WorkAreaException("Cannot delete the work files of execution " + execution + " in " + root + ": " + e,
          e);
    }
  }

  @Override
  public List<Long> executions() {
    List<Long> executions = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return executions;
    }
    try (Stream<Path> entries = Files.list(root)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> n.matches(PREFIX + "\\d+"))
          .map(n -> Long.parseLong(n.substring(PREFIX.length()))).sorted().forEach(executions::add);
    } catch (IOException e) {
      throw new WorkAreaException("Cannot list work area " + root + ": " + e, e);
    }
    return executions;
  }

  private Path path(long execution, String name) {
    if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
      throw new IllegalArgumentException("Invalid work file name '" + name + "'");
    }
    return root.resolve(PREFIX + execution).resolve(name);
  }
}
