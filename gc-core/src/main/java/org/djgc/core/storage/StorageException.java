package org.djgc.core.storage;

import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/**
 * A storage operation failed. Messages name the store-relative path and the backend's reason, and
 * never contain credentials. A listing that throws this is a scan error: no destructive step may
 * run on a partial listing.
 */
public class StorageException extends GcException {
  public StorageException(String message) {
    super(FailureCategory.TRANSIENT, message);
  }

  public StorageException(String message, Throwable cause) {
    super(FailureCategory.TRANSIENT, message, cause);
  }
}
