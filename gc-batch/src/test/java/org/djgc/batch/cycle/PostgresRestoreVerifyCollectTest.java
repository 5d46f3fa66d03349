package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/** {@link RestoreVerifyCollectTest} on PostgreSQL (issue 12): restore of quarantined and purged files, verify and collect, with the pipeline and dj-gc's metadata on PostgreSQL. */
@OnPostgres
class PostgresRestoreVerifyCollectTest extends RestoreVerifyCollectTest {}
