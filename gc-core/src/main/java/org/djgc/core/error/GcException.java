package org.djgc.core.error;

import java.util.Objects;

/**
 * Root of dj-gc's unchecked exceptions. Every instance carries a {@link FailureCategory}, which
 * decides the process exit code. Messages name the offending value and never contain secrets.
 */
public class GcException extends RuntimeException {
  private final FailureCategory category;

  public GcException(FailureCategory category, String message) {
    this(category, message, null);
  }

  public GcException(FailureCategory category, String message, Throwable cause) {
    super(message, cause);
    this.category = Objects.requireNonNull(category, "category is null");
  }

  public FailureCategory category() {
    return category;
  }
}
