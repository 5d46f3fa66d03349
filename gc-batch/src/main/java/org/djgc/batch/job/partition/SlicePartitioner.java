package org.djgc.batch.job.partition;

import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.batch.config.GcProperties;
import org.djgc.core.config.DataJointConfig;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per slice of the running execution's {@link SlicePlan}, named {@code slice-00000}
 * on: the grid size is the plan's, not the builder's. Reads the execution from the manager step's
 * context, which the partition step registers on its own thread while it splits.
 */
final class SlicePartitioner implements Partitioner {
  /** The slice's index in the plan, in each partition's execution context. */
  static final String SLICE = "gc.slice";

  private final DataJointConfig config;
  private final GcProperties properties;

  SlicePartitioner(DataJointConfig config, GcProperties properties) {
    this.config = config;
    this.properties = properties;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    JobExecution job = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
    for (int i = 0; i < plan.slices().size(); i++) {
      ExecutionContext context = new ExecutionContext();
      context.putInt(SLICE, i);
      partitions.put(String.format("slice-%05d", i), context);
    }
    return partitions;
  }
}
