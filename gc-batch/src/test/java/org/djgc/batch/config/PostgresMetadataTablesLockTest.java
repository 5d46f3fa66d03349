package org.djgc.batch.config;

import org.djgc.batch.support.OnPostgres;

/** {@link MetadataTablesLockTest} with the metadata in a PostgreSQL schema (the lock an advisory lock). */
@OnPostgres
class PostgresMetadataTablesLockTest extends MetadataTablesLockTest {}
