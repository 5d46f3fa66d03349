package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link QuarantinePurgeCycleTest} with the pipeline on PostgreSQL (issue 12): the quarantine →
 * grace → purge cycle on DataJoint's PostgreSQL tables.
 */
@OnPostgres
class PostgresQuarantinePurgeCycleTest extends QuarantinePurgeCycleTest {}
