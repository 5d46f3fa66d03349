package org.djgc.core.reference;

import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/** Reference discovery could not be completed; the reference set is unknown. */
public class ReferenceScanException extends GcException {
  public ReferenceScanException(String message, Throwable cause) {
    super(FailureCategory.TRANSIENT, message, cause);
  }
}
