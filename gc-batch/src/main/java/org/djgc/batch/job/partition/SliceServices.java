package org.djgc.batch.job.partition;

import org.djgc.batch.job.remote.RemotePartitions;
import org.djgc.batch.job.remote.WorkerSteps;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.stereotype.Component;

/**
 * What a partitioned scan needs beyond its job's own parts.
 *
 * @param exchange where slice files travel between processes
 * @param locks the run's locks, which every partition proves before it acts
 * @param workers where partition steps are registered for workers to run
 * @param remote the manager's side of remote partitioning
 */
@Component
public record SliceServices(SliceExchange exchange, RunLocks locks, WorkerSteps workers, RemotePartitions remote) {}
