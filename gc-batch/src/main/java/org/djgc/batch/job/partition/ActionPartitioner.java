package org.djgc.batch.job.partition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per input its {@link SliceAction} names for the running execution, named as the
 * slices are ({@code slice-00000} on), each with its input, the manager's locks and the store as
 * the manager knows it.
 */
final class ActionPartitioner implements Partitioner {
  /** The job execution that published the partition's input. */
  static final String INPUT_EXECUTION = "gc.inputExecution";
  /** The input's name in the exchange. */
  static final String INPUT_NAME = "gc.inputName";
  /** The store as the manager's configuration names it ({@link org.djgc.core.storage.StoreIdentity}). */
  static final String STORE = "gc.store";

  private final SliceAction action;
  private final ActionInputs inputs;
  private final RunLocks locks;
  private final RunContext run;

  ActionPartitioner(SliceAction action, ActionInputs inputs, RunLocks locks, RunContext run) {
    this.action = action;
    this.inputs = inputs;
    this.locks = locks;
    this.run = run;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    JobExecution job = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
    List<SliceAction.Input> planned = action.inputs(job, inputs);
    String managerLocks = SlicePartitioner.format(locks.heldLocks());
    String store = planned.isEmpty() ? "" : SliceFingerprint.identity(
        SlicePlan.of(run.config(), run.properties(), job.getJobParameters()), run.stores()).toString();
    Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
    for (int i = 0; i < planned.size(); i++) {
      ExecutionContext context = new ExecutionContext();
      context.putInt(SlicePartitioner.SLICE, i);
      context.putLong(INPUT_EXECUTION, planned.get(i).execution());
      context.putString(INPUT_NAME, planned.get(i).name());
      context.putString(SlicePartitioner.MANAGER_LOCKS, managerLocks);
      context.putString(STORE, store);
      partitions.put(SlicePartitioner.name(i), context);
    }
    return partitions;
  }
}
