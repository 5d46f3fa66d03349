package org.djgc.batch.job.partition;

import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.Steps;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;

/**
 * An action step of a partitioned run (spec §4.6d): {@code <name>} makes one partition per input
 * its {@link SliceAction} names and runs them as {@code <workerName>} on threads of this process
 * ({@code gc.partition-threads}) or on remote workers, as the run's scan did. A partition an
 * earlier execution left running must be proven dead before a restart goes on ({@link SliceSplitter}).
 */
public final class SliceActions {
  private SliceActions() {}

  /** The partition step, as a flow. */
  public static Flow flow(Steps steps, String name, String workerName, SliceAction action, SliceServices services,
      RunContext run, JobRepository repository) {
    Step worker = steps.workerStep(workerName, new ActOnSliceTasklet(action, services, run.workFiles()));
    PartitionHandler handler = services.handler(steps, worker, workerName, run.properties().partitionThreads());
    ActionPartitioner partitioner = new ActionPartitioner(action, new ActionInputs(services.exchange(), repository),
        services.locks(), run);
    return steps.partitioned(name, worker, SliceSplitter.actions(repository, worker.getName(), partitioner,
        services.locks(), action.stablePartitions()), handler, new ActionCounters(run.counters()));
  }
}
