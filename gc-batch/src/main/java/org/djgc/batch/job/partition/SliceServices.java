package org.djgc.batch.job.partition;

import org.djgc.batch.job.remote.RemotePartitions;
import org.djgc.batch.job.remote.WorkerSteps;
import org.djgc.batch.job.support.RunLocks;
import org.djgc.batch.job.support.Steps;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.step.Step;
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
public record SliceServices(SliceExchange exchange, RunLocks locks, WorkerSteps workers, RemotePartitions remote) {
  /**
   * Registers {@code worker} for workers to run and returns the handler of its partitions: on up
   * to {@code threads} threads of this process, or on remote workers when the run's {@code
   * partitioning} parameter says so.
   */
  PartitionHandler handler(Steps steps, Step worker, String workerName, int threads) {
    workers.register(worker);
    PartitionHandler local = steps.threads(worker, workerName, threads);
    PartitionHandler distributed = remote.handler(worker.getName());
    return (splitter, manager) ->
        (SliceExchange.remote(manager.getJobExecution().getJobParameters()) ? distributed : local)
            .handle(splitter, manager);
  }
}
