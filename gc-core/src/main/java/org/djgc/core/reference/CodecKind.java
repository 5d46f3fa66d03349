package org.djgc.core.reference;

/** How GC treats the values of a column, decided from its codec. */
public enum CodecKind {
  /** Hash-addressed: {@code <hash@>}, {@code <blob@>}, {@code <attach@>}, or a custom codec declared so. */
  HASH,
  /** Schema-addressed: {@code <object@>}, {@code <npy@>}, or a custom codec declared so. */
  SCHEMA,
  /**
   * A user-managed file, {@code <filepath@>}: never collected, but its path protects whatever it
   * names (it can lie in a section when a prefix is empty), and counts in neither upstream statistic.
   */
  FILEPATH,
  /** Holds nothing in a store: in-table {@code <blob>}/{@code <attach>}, or declared ignored. */
  NOT_COLLECTED,
  /** A codec dj-gc does not know and was not told about: GC must fail closed. */
  UNDECLARED
}
