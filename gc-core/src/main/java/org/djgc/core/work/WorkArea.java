package org.djgc.core.work;

import java.nio.file.Path;
import java.util.List;

/**
 * Files of one job execution shared by the processes of a run. A file is written whole or not at
 * all: a reader never sees part of one (a writer killed half way leaves a file that reads as
 * missing), and writing a name again replaces it.
 */
public interface WorkArea {
  /**
   * Stores the bytes of {@code file} as {@code name} of {@code execution}.
   *
   * @throws WorkAreaException when it cannot be stored
   */
  void put(long execution, String name, Path file);

  /**
   * Writes {@code name} of {@code execution} to {@code target}, replacing it.
   *
   * @throws WorkAreaException naming the file when it is missing, incomplete or unreadable
   */
  void get(long execution, String name, Path target);

  /**
   * Whether {@code name} of {@code execution} is stored whole (a half-written one is not).
   *
   * @throws WorkAreaException when the area cannot be read
   */
  boolean exists(long execution, String name);

  /**
   * Removes the files of {@code execution} whose names start with {@code namePrefix} (a run drops
   * its inputs at its end, and keeps what a restart may reuse).
   *
   * @throws WorkAreaException when they cannot be removed
   */
  void deleteFiles(long execution, String namePrefix);

  /** Removes every file of {@code execution}; nothing when it has none. */
  void deleteExecution(long execution);

  /** The executions that have files, oldest id first (to clean up after killed runs). */
  List<Long> executions();
}
