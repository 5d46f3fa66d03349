package org.djgc.core.storage;

/**
 * A conditional delete found the object, but with another etag than expected: someone replaced it
 * since the etag was recorded. Nothing was deleted.
 */
public class EtagMismatchException extends StorageException {
  public EtagMismatchException(String message) {
    super(message);
  }

  public EtagMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
