-- Views for auditors over dj-gc's metadata database (default `datajoint_gc`): the quarantine ledger
-- and Spring Batch's job tables. Read-only; create them once with
--   mariadb datajoint_gc < docs/audit.sql
-- or, where the metadata is on PostgreSQL (schema `datajoint_gc` of the pipeline's database),
--   PGOPTIONS=-csearch_path=datajoint_gc psql -d <database> -f docs/audit.sql
-- dj-gc never reads these views; they only name what is already there.

-- One row per run: job, store, schemas, status, exit code, times, and the counters of each step.
CREATE OR REPLACE VIEW gc_audit_runs AS
SELECT e.JOB_EXECUTION_ID AS execution_id,
       i.JOB_NAME AS job,
       (SELECT p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS p
         WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'store') AS store,
       (SELECT p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS p
         WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'schemas') AS schema_list,
       e.STATUS AS status,
       e.EXIT_CODE AS exit_code,
       e.START_TIME AS started,
       e.END_TIME AS ended,
       (SELECT COALESCE(SUM(s.READ_COUNT), 0) FROM BATCH_STEP_EXECUTION s
         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID) AS items_read,
       (SELECT COALESCE(SUM(s.WRITE_COUNT), 0) FROM BATCH_STEP_EXECUTION s
         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID) AS items_written
FROM BATCH_JOB_EXECUTION e
JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID;

-- Every file dj-gc ever moved, with what happened to it and which runs did it.
CREATE OR REPLACE VIEW gc_audit_objects AS
SELECT q.store, q.schema_name, q.section, q.original_path, q.trash_path, q.size_bytes, q.state,
       q.quarantined_at, q.state_changed_at, q.restore_reason,
       q.quarantine_execution_id, q.purge_execution_id, q.restore_execution_id, q.error
FROM gc_quarantine q;

-- Every state change, oldest first: what `--job=trace --path=P` prints.
CREATE OR REPLACE VIEW gc_audit_events AS
SELECT q.store, q.original_path, e.from_state, e.to_state, e.at, e.execution_id, e.detail
FROM gc_quarantine_event e
JOIN gc_quarantine q ON q.id = e.entry_id;

-- Bytes deleted per store and day, and what is still waiting.
CREATE OR REPLACE VIEW gc_audit_daily AS
SELECT store, DATE(state_changed_at) AS day, state, COUNT(*) AS files, SUM(size_bytes) AS bytes
FROM gc_quarantine
GROUP BY store, DATE(state_changed_at), state;
