-- The ledger's tables as release 1 (before versioned migrations) created them, verbatim from its
-- LedgerSql.CREATE and CREATE_EVENTS, and rows as its INSERT wrote them: the trash path's key
-- computed by the server, UNHEX(SHA2(path, 256)).
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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS gc_quarantine_event (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entry_id BIGINT NOT NULL,
  from_state VARCHAR(16) NULL,
  to_state VARCHAR(16) NOT NULL,
  at DATETIME(6) NOT NULL,
  execution_id BIGINT NULL,
  detail VARCHAR(2048) NULL,
  KEY ix_gc_quarantine_event_entry (entry_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO gc_quarantine (store, store_id, store_place, section, schema_name, unit_path, original_path, trash_path,
  trash_path_sha256, size_bytes, object_mtime, quarantined_at, state, state_changed_at, quarantine_execution_id,
  claim_execution_id)
VALUES ('main', 'STORE_ID', 'PLACE_ID', 'SCHEMA', 's', '_schema/s/T/k=é', '_schema/s/T/k=é/ü ñ.bin',
  '_trash/1/_schema/s/T/k=é/ü ñ.bin', UNHEX(SHA2('_trash/1/_schema/s/T/k=é/ü ñ.bin', 256)), 4,
  '2026-03-29 01:30:00.123456', '2026-03-29 01:30:00.123456', 'QUARANTINED', '2026-03-29 01:30:00.123456', 1, 1);
INSERT INTO gc_quarantine_event (entry_id, from_state, to_state, at, execution_id, detail)
VALUES (1, NULL, 'MOVING', '2026-03-29 01:30:00.000000', 1, NULL),
  (1, 'MOVING', 'QUARANTINED', '2026-03-29 01:30:00.123456', 1, NULL);
