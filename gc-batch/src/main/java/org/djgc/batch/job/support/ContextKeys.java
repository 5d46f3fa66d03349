package org.djgc.batch.job.support;

/** Keys of values a run keeps in its job {@code ExecutionContext} (and so in the audit tables). */
public final class ContextKeys {
  public static final String HASH_REFERENCED = "gc.hashPathsReferenced";
  public static final String SCHEMA_REFERENCED = "gc.schemaPathsReferenced";
  public static final String FINDINGS = "gc.findings";
  public static final String SCHEMAS_READ = "gc.schemasRead";
  public static final String ROWS_READ = "gc.rowsRead";
  public static final String SECTION_COUNTS = "gc.sectionCounts";
  public static final String SCAN_ERRORS = "gc.scanErrors";
  /** Sections not listed because they can hold user files: "directory/: reason" each. */
  public static final String SKIPPED_SECTIONS = "gc.skippedSections";
  /** References kept although they name a store the configuration does not know. */
  public static final String UNKNOWN_STORE_REFERENCES = "gc.unknownStoreReferences";
  /** The run's reference instant (epoch micros), fixed before discovery. */
  public static final String T0_MICROS = "gc.t0Micros";
  /** Why destructive steps were refused (a tripped gate), when they were. */
  public static final String REFUSAL = "gc.refusal";
  /** Final counters of a destructive run. */
  public static final String COUNTERS = "gc.counters";
  /** Per-object errors of the run. */
  public static final String ERRORS = "gc.errors";

  private ContextKeys() {}
}
