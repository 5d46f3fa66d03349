package org.djgc.batch.cli;

/** How results are printed on stdout. */
public enum OutputFormat {
  /** For people. */
  TEXT,
  /** One JSON document, for machines. */
  JSON,
  /** Rows for spreadsheets: {@code report}'s orphans only. */
  CSV
}
