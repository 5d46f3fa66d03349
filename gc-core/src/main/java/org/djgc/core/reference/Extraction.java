package org.djgc.core.reference;

/** What one raw column value yields. */
public sealed interface Extraction {
  /** SQL NULL or JSON {@code null}: the row references nothing. */
  record None() implements Extraction {}

  /** A path, with the JSON {@code store} (null when absent or {@code null}). */
  record Found(String path, String store) implements Extraction {}

  /** A non-null value with no readable, safe path. */
  record Unreadable(FindingKind kind, String reason) implements Extraction {}

  None NONE = new None();
}
