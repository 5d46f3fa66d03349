package org.djgc.batch.job.partition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.batch.job.support.RunLocks;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per input its {@link SliceAction} names for the running execution, named as the
 * slices are ({@code slice-00000} on), each with its input and the manager's locks.
 */
final class ActionPartitioner implements Partitioner {
  /** The job execution that published the partition's input. */
  static final String INPUT_EXECUTION = "gc.inputExecution";
  /** The input's name in the exchange. */
  static final String INPUT_NAME = "gc.inputName";

  private final SliceAction action;
  private final ActionInputs inputs;
  private final RunLocks locks;

  ActionPartitioner(SliceAction action, ActionInputs inputs, RunLocks locks) {
    this.action = action;
    this.inputs = inputs;
    this.locks = locks;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    JobExecution job = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
    List<SliceAction.Input> planned = action.inputs(job, inputs);
    String managerLocks = SlicePartitioner.format(locks.heldLocks());
    Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
    for (int i = 0; i < planned.size(); i++) {
      ExecutionContext context = new ExecutionContext();
      context.putInt(SlicePartitioner.SLICE, i);
      context.putLong(INPUT_EXECUTION, planned.get(i).execution());
      context.putString(INPUT_NAME, planned.get(i).name());
      context.putString(SlicePartitioner.MANAGER_LOCKS, managerLocks);
      partitions.put(SlicePartitioner.name(i), context);
    }
    return partitions;
  }
}
