package org.djgc.core.quarantine.jdbc;

import org.djgc.core.jdbc.SqlDialect;

/** Every SQL statement of the JDBC ledger, in the metadata server's dialect. */
final class LedgerSql {
  static final String TABLE = "gc_quarantine";

  /**
   * The event of the transition just applied to the selected rows, read by a plain (non-locking)
   * select and appended by {@link #EVENT_INSERT}. Never one {@code INSERT ... SELECT}: on InnoDB
   * that takes the event table's AUTO-INC lock and shared locks on the scanned ledger rows for the
   * whole statement, and so deadlocks with another process's ledger transaction on another store
   * (spec §14.2 gap 12).
   */
  static final String EVENT_SOURCE = "SELECT id, state, state_changed_at, CASE WHEN state IN ('PURGING', 'PURGED',"
      + " 'CHANGED') THEN purge_execution_id WHEN state IN ('RESTORING', 'RESTORED') THEN restore_execution_id"
      + " ELSE quarantine_execution_id END, error FROM gc_quarantine ";

  /** One event, a simple insert of values (batched into one multi-row insert where the driver rewrites batches). */
  static final String EVENT_INSERT = "INSERT INTO gc_quarantine_event (entry_id, from_state, to_state, at,"
      + " execution_id, detail) VALUES (?, ?, ?, ?, ?, ?)";

  static final String EVENTS = "SELECT e.entry_id, e.from_state, e.to_state, e.at, e.execution_id, e.detail"
      + " FROM gc_quarantine_event e JOIN gc_quarantine q ON q.id = e.entry_id"
      + " WHERE q.store_id = ? AND q.original_path = ? ORDER BY e.id";

  static final String COLUMNS = "id, store, section, schema_name, unit_path, original_path, trash_path, size_bytes,"
      + " etag, object_mtime, quarantined_at, state, state_changed_at, quarantine_execution_id, purge_execution_id,"
      + " restore_execution_id, restore_reason, error, store_id, claim_execution_id";

  static final String SELECT = "SELECT " + COLUMNS + " FROM gc_quarantine ";

  /**
   * A transition's {@code SET}: the state, its time, and {@code extraSet}; the error is cleared
   * unless {@code extraSet} sets it (PostgreSQL refuses two assignments to one column).
   */
  static String transition(String extraSet) {
    return "UPDATE gc_quarantine SET state = ?, state_changed_at = ?"
        + (extraSet.contains("error = ?") ? "" : ", error = NULL") + extraSet;
  }

  static final String SUMMARY = "SELECT schema_name, section, state, COUNT(*), COALESCE(SUM(size_bytes), 0),"
      + " MIN(quarantined_at) FROM gc_quarantine WHERE store_id = ? GROUP BY schema_name, section, state"
      + " ORDER BY schema_name, section, state";

  /** Legacy rows of a store name, and live rows of another identity at the same place. */
  static final String UNADOPTED = "SELECT " + COLUMNS + " FROM gc_quarantine WHERE id > ? AND ((store = ? AND"
      + " store_id IS NULL) OR (store_place = ? AND store_id <> ? AND state NOT IN ('PURGED', 'RESTORED')))"
      + " ORDER BY id LIMIT ?";

  static final String ADOPT_TERMINAL = "UPDATE gc_quarantine SET store_id = ?, store_place = ? WHERE store = ?"
      + " AND store_id IS NULL AND state IN ('PURGED', 'RESTORED')";

  /**
   * A new row, skipped when the store already has one with its trash path (a chunk written again
   * after a crash). {@code trash_path_sha256} is the SHA-256 of the path's UTF-8 bytes, computed by
   * the ledger (older versions had MySQL compute {@code UNHEX(SHA2(path, 256))}: the same bytes).
   */
  final String insert;

  final String adopt;

  final String claim;

  /** {@code QUARANTINED → PURGING} with the claim, compare-and-set on the state and the holder read. */
  final String claimPurging;

  LedgerSql(SqlDialect dialect) {
    insert = dialect.insertIgnoringDuplicates("gc_quarantine", "store, store_id, store_place, section, schema_name,"
        + " unit_path, original_path, trash_path, trash_path_sha256, size_bytes, object_mtime, quarantined_at, state,"
        + " state_changed_at, quarantine_execution_id, claim_execution_id",
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
    adopt = "UPDATE gc_quarantine SET store_id = ?, store_place = ? WHERE id = ? AND "
        + dialect.nullSafeEquals("store_id") + " AND state = ?";
    claim = "UPDATE gc_quarantine SET claim_execution_id = ? WHERE id = ? AND state = ? AND "
        + dialect.nullSafeEquals("claim_execution_id");
    claimPurging = "UPDATE gc_quarantine SET state = 'PURGING', state_changed_at = ?, error = NULL,"
        + " purge_execution_id = ?, claim_execution_id = ? WHERE id = ? AND state = 'QUARANTINED' AND "
        + dialect.nullSafeEquals("claim_execution_id");
  }
}
