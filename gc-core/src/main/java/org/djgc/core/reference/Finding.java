package org.djgc.core.reference;

import java.util.Objects;

/**
 * A problem found while discovering references. Any finding blocks destructive steps.
 *
 * @param kind what went wrong
 * @param column where: {@code schema.table.column}, or {@code schema.table} for a whole table
 * @param row the row's primary key ({@code id=1, name='x'}), or null when not about one row
 * @param detail the reason, naming the offending value (never a secret)
 */
public record Finding(FindingKind kind, String column, String row, String detail) {
  public Finding {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(column, "column is null");
    Objects.requireNonNull(detail, "detail is null");
  }

  /** One line for logs and reports. */
  public String describe() {
    return kind + " " + column + (row == null ? "" : " [" + row + "]") + ": " + detail;
  }
}
