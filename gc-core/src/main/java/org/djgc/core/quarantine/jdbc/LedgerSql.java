package org.djgc.core.quarantine.jdbc;

/** Every SQL statement of the JDBC ledger (MySQL / MariaDB). */
final class LedgerSql {
  static final String TABLE = "gc_quarantine";

  static final String CREATE = """
      CREATE TABLE IF NOT EXISTS gc_quarantine (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        store VARCHAR(255) NOT NULL,
        store_id CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL,
        store_place CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL,
        section ENUM('HASH','SCHEMA') NOT NULL,
        schema_name VARCHAR(64) NOT NULL,
        unit_path VARCHAR(2048) NOT NULL,
        original_path VARCHAR(2048) NOT NULL,
        trash_path VARCHAR(2048) NOT NULL,
        trash_path_sha256 BINARY(32) NOT NULL,
        size_bytes BIGINT NOT NULL,
        etag VARCHAR(255) NULL,
        object_mtime DATETIME(6) NULL,
        quarantined_at DATETIME(6) NULL,
        state ENUM('MOVING','QUARANTINED','PURGING','PURGED','RESTORING','RESTORED','CONFLICT','MISSING','CHANGED')
          NOT NULL,
        state_changed_at DATETIME(6) NOT NULL,
        quarantine_execution_id BIGINT NOT NULL,
        purge_execution_id BIGINT NULL,
        restore_execution_id BIGINT NULL,
        restore_reason ENUM('HEALED','OPERATOR') NULL,
        error VARCHAR(2048) NULL,
        claim_execution_id BIGINT NULL,
        UNIQUE KEY uq_gc_quarantine_trash (store_id, trash_path_sha256),
        KEY ix_gc_quarantine_state (store_id, state, quarantined_at),
        KEY ix_gc_quarantine_original (store_id, original_path(255)),
        KEY ix_gc_quarantine_name (store, store_id),
        KEY ix_gc_quarantine_place (store_place, state)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""";

  /** Whether the table has the identity column (absent in tables created before rows were keyed by identity). */
  static final String HAS_IDENTITY = "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
      + " AND TABLE_NAME = 'gc_quarantine' AND COLUMN_NAME = 'store_id'";

  /**
   * Migrates a table of the previous version in one statement (InnoDB applies all of it or none):
   * the identity, place and claim columns, and the keys re-keyed from the store name to the identity.
   * Existing rows keep {@code store_id} NULL until a run of their store adopts them.
   */
  static final String MIGRATE = """
      ALTER TABLE gc_quarantine
        ADD COLUMN store_id CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER store,
        ADD COLUMN store_place CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER store_id,
        ADD COLUMN claim_execution_id BIGINT NULL,
        DROP INDEX uq_gc_quarantine_trash,
        ADD UNIQUE KEY uq_gc_quarantine_trash (store_id, trash_path_sha256),
        DROP INDEX ix_gc_quarantine_state,
        ADD KEY ix_gc_quarantine_state (store_id, state, quarantined_at),
        DROP INDEX ix_gc_quarantine_original,
        ADD KEY ix_gc_quarantine_original (store_id, original_path(255)),
        ADD KEY ix_gc_quarantine_name (store, store_id),
        ADD KEY ix_gc_quarantine_place (store_place, state)""";

  static final String CREATE_EVENTS = """
      CREATE TABLE IF NOT EXISTS gc_quarantine_event (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        entry_id BIGINT NOT NULL,
        from_state VARCHAR(16) NULL,
        to_state VARCHAR(16) NOT NULL,
        at DATETIME(6) NOT NULL,
        execution_id BIGINT NULL,
        detail VARCHAR(2048) NULL,
        KEY ix_gc_quarantine_event_entry (entry_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""";

  /**
   * The event of the transition just applied to the selected rows, read by a plain (non-locking)
   * select and appended by {@link #EVENT_INSERT}. Never one {@code INSERT ... SELECT}: that takes the
   * event table's AUTO-INC lock and shared locks on the scanned ledger rows for the whole statement,
   * and so deadlocks with another process's ledger transaction on another store (spec §14.2 gap 12).
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

  static final String INSERT = "INSERT IGNORE INTO gc_quarantine (store, store_id, store_place, section, schema_name,"
      + " unit_path, original_path, trash_path, trash_path_sha256, size_bytes, object_mtime, quarantined_at, state,"
      + " state_changed_at, quarantine_execution_id, claim_execution_id)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, UNHEX(SHA2(?, 256)), ?, ?, ?, ?, ?, ?, ?)";

  /** The {@code state} column's type, to add states that a ledger created by an older version lacks. */
  static final String STATE_COLUMN_TYPE = "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
      + " DATABASE() AND TABLE_NAME = 'gc_quarantine' AND COLUMN_NAME = 'state'";

  /** Appends {@code CHANGED} to the state ENUM (in place: values are only appended). */
  static final String ADD_CHANGED_STATE = "ALTER TABLE gc_quarantine MODIFY state ENUM('MOVING','QUARANTINED',"
      + "'PURGING','PURGED','RESTORING','RESTORED','CONFLICT','MISSING','CHANGED') NOT NULL";

  static final String SELECT = "SELECT " + COLUMNS + " FROM gc_quarantine ";

  static final String TRANSITION = "UPDATE gc_quarantine SET state = ?, state_changed_at = ?, error = NULL";

  static final String SUMMARY = "SELECT schema_name, section, state, COUNT(*), COALESCE(SUM(size_bytes), 0),"
      + " MIN(quarantined_at) FROM gc_quarantine WHERE store_id = ? GROUP BY schema_name, section, state"
      + " ORDER BY schema_name, section, state";

  /** Legacy rows of a store name, and live rows of another identity at the same place. */
  static final String UNADOPTED = "SELECT " + COLUMNS + " FROM gc_quarantine WHERE id > ? AND ((store = ? AND"
      + " store_id IS NULL) OR (store_place = ? AND store_id <> ? AND state NOT IN ('PURGED', 'RESTORED')))"
      + " ORDER BY id LIMIT ?";

  static final String ADOPT_TERMINAL = "UPDATE gc_quarantine SET store_id = ?, store_place = ? WHERE store = ?"
      + " AND store_id IS NULL AND state IN ('PURGED', 'RESTORED')";

  static final String ADOPT = "UPDATE gc_quarantine SET store_id = ?, store_place = ? WHERE id = ?"
      + " AND store_id <=> ? AND state = ?";

  static final String CLAIM = "UPDATE gc_quarantine SET claim_execution_id = ? WHERE id = ? AND state = ?"
      + " AND claim_execution_id <=> ?";

  /** {@code QUARANTINED → PURGING} with the claim, compare-and-set on the state and the holder read. */
  static final String CLAIM_PURGING = "UPDATE gc_quarantine SET state = 'PURGING', state_changed_at = ?, error = NULL,"
      + " purge_execution_id = ?, claim_execution_id = ? WHERE id = ? AND state = 'QUARANTINED'"
      + " AND claim_execution_id <=> ?";

  private LedgerSql() {}
}
