package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/** {@link VerifyAfterKilledPurgeTest} on PostgreSQL (issue 12): a purge killed after a delete is an interrupted purge to verify, not drift, with the ledger on PostgreSQL. */
@OnPostgres
class PostgresVerifyAfterKilledPurgeTest extends VerifyAfterKilledPurgeTest {}
