package org.djgc.batch.partition;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link RemotePartitionsTest} on PostgreSQL: the slice files in the metadata schema's work area,
 * the repository key from the PostgreSQL server, the partition locks as advisory locks.
 */
@OnPostgres
class PostgresRemotePartitionsTest extends RemotePartitionsTest {}
