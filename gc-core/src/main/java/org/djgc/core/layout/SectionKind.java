package org.djgc.core.layout;

/** The two parts of a store that GC owns for each schema. */
public enum SectionKind {
  /** {@code {hash_prefix}/{schema}/}: hash-addressed objects, shared by every row with equal content. */
  HASH,
  /** {@code {schema_prefix}/{schema}/}: schema-addressed objects, one per row and field. */
  SCHEMA
}
