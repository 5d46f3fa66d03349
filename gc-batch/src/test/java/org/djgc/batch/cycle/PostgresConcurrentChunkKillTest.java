package org.djgc.batch.cycle;

import org.djgc.batch.support.OnPostgres;

/**
 * {@link ConcurrentChunkKillTest} with the pipeline on PostgreSQL (issue 12): kills in the middle
 * of a chunk, and their recovery, on DataJoint's PostgreSQL tables.
 */
@OnPostgres
class PostgresConcurrentChunkKillTest extends ConcurrentChunkKillTest {}
