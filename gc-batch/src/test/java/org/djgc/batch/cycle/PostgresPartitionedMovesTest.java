package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/** {@link PartitionedMovesTest} on PostgreSQL (issue 12): partitioned moves and deletes, their restart and refusals, with the job repository's partitions on PostgreSQL. */
@OnPostgres
class PostgresPartitionedMovesTest extends PartitionedMovesTest {}
