package org.djgc.batch.readonly;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link ReadOnlyMetadataTest} with the pipeline and dj-gc's metadata schema on PostgreSQL: the
 * login role {@code djgc_readonly} (created by {@code scripts/services.sh}, with no rights of its
 * own), given {@code USAGE} on both schemas and {@code SELECT} on their tables by their owner.
 */
@OnPostgres
class PostgresReadOnlyMetadataTest extends ReadOnlyMetadataTest {
  @Override
  protected void createReadOnlyUser() {
    pipeline.execute("GRANT USAGE ON SCHEMA datajoint_gc, " + A + " TO " + USER,
        "GRANT SELECT ON ALL TABLES IN SCHEMA datajoint_gc TO " + USER,
        "GRANT SELECT ON ALL TABLES IN SCHEMA " + A + " TO " + USER);
  }

  @Override
  protected void dropReadOnlyUser() {
    // the role stays (services.sh made it); what this test granted goes, with the pipeline's schema
    pipeline.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'datajoint_gc') THEN"
        + " EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA datajoint_gc FROM " + USER + "';"
        + " EXECUTE 'REVOKE ALL ON SCHEMA datajoint_gc FROM " + USER + "'; END IF; END $$");
  }

  @Override
  protected String refusal() {
    return "permission denied for table batch_job_instance";
  }
}
