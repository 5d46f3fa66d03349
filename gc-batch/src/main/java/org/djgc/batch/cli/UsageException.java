package org.djgc.batch.cli;

import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/** A bad command line. */
public class UsageException extends GcException {
  public UsageException(String message) {
    super(FailureCategory.CONFIGURATION, message);
  }
}
