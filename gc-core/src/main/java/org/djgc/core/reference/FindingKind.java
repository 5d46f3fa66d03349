package org.djgc.core.reference;

/** Why reference discovery could not vouch for a column or a value. Every kind fails closed. */
public enum FindingKind {
  /** A storage column whose codec dj-gc does not know. */
  UNDECLARED_CODEC,
  /** A non-null value from which no path can be read (malformed JSON, no {@code path}, a non-string path). */
  UNRECOGNISED_REFERENCE,
  /** A path that is absolute, contains {@code ..}, {@code .} or empty segments, or a backslash. */
  UNSAFE_PATH,
  /** A table or column could not be read (permission, missing table, database error). */
  READ_ERROR,
  /**
   * The database user cannot be shown to see every table that may reference the store: without
   * global or schema-level {@code SELECT}, {@code information_schema} hides tables silently.
   */
  MISSING_GRANT,
  /** A row names a store this configuration does not know, and {@code gc.unknown-stores=refuse}. */
  UNKNOWN_STORE
}
