package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link ConcurrentInsertRaceTest} with the pipeline on PostgreSQL (issue 12): the
 * concurrent-insert races on DataJoint's PostgreSQL tables.
 */
@OnPostgres
class PostgresConcurrentInsertRaceTest extends ConcurrentInsertRaceTest {}
