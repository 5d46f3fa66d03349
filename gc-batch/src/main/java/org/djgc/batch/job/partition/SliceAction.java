package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What the partitions of an action step ({@link SliceActions}: moves, deletes) act on and how
 * (spec §4.6d). The manager names each partition's input, a file in the {@link SliceExchange};
 * each partition, on a thread of the manager or in a remote worker, acts on its input alone.
 */
public interface SliceAction {
  /**
   * In the manager, after the run's gates: the input of each partition, in partition order; empty
   * when the run must act on nothing (a gate refused it). May publish run files ({@link
   * ActionInputs#publish}) that every partition reads.
   */
  List<Input> inputs(JobExecution job, ActionInputs inputs);

  /**
   * In a partition: acts on {@code input}, proving the manager's locks ({@link ActionScope#proveLocks})
   * before each change and counting into {@link ActionScope#counters}.
   *
   * @param directory scratch space of this partition, removed when it ends
   */
  void act(StepExecution partition, Path input, Path directory, ActionScope scope);

  /**
   * Whether partition {@code i} of a restart covers what partition {@code i} of the failed
   * execution covered (the same slice of the same plan): then the restart of a run that failed in
   * this step skips the partitions that completed, their work done. Otherwise every partition runs
   * again, over what the restart selected afresh.
   */
  boolean stablePartitions();

  /**
   * One partition's input.
   *
   * @param execution the job execution that published it
   * @param name its name in the exchange
   */
  record Input(long execution, String name) {}
}
