package org.djgc.core.quarantine;

import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/** A conditional ledger update found another state than expected: someone else changed the row. */
public class LedgerConflictException extends GcException {
  public LedgerConflictException(String message) {
    super(FailureCategory.TRANSIENT, message);
  }
}
