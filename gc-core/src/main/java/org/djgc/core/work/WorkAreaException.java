package org.djgc.core.work;

/** A work file that cannot be stored or read; the message names it. */
public class WorkAreaException extends RuntimeException {
  public WorkAreaException(String message) {
    super(message);
  }

  public WorkAreaException(String message, Throwable cause) {
    super(message, cause);
  }
}
