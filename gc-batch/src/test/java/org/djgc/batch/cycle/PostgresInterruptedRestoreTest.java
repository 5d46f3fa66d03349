package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/** {@link InterruptedRestoreTest} on PostgreSQL (issue 12): a path owned by a killed restore is not quarantined again until a purge heals that restore, with the ledger on PostgreSQL. */
@OnPostgres
class PostgresInterruptedRestoreTest extends InterruptedRestoreTest {}
