package org.djgc.batch.job.partition;

import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.StoreFactory;
import org.djgc.batch.job.support.RunLocks;
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
  /** The slice as the manager planned it ({@link SliceFingerprint}). */
  static final String SLICE_PLANNED = "gc.slicePlanned";
  /** The slice as the partition scanned it ({@link SliceFingerprint}), set by the partition. */
  static final String SLICE_SCANNED = "gc.sliceScanned";
  /** The manager's locks, {@code name=session,...}, which the partition proves before it acts. */
  static final String MANAGER_LOCKS = "gc.managerLocks";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final RunLocks locks;
  private final StoreFactory stores;

  SlicePartitioner(DataJointConfig config, GcProperties properties, RunLocks locks, StoreFactory stores) {
    this.config = config;
    this.properties = properties;
    this.locks = locks;
    this.stores = stores;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    JobExecution job = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    java.util.List<String> planned = SliceFingerprint.all(plan, properties, stores);
    Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
    String managerLocks = format(locks.heldLocks());
    for (int i = 0; i < plan.slices().size(); i++) {
      ExecutionContext context = new ExecutionContext();
      context.putInt(SLICE, i);
      context.putString(SLICE_PLANNED, planned.get(i));
      context.putString(MANAGER_LOCKS, managerLocks);
      partitions.put(name(i), context);
    }
    return partitions;
  }

  /** The partition name of slice {@code i}. */
  static String name(int i) {
    return String.format("slice-%05d", i);
  }

  /** Locks as {@link #MANAGER_LOCKS} records them: {@code name=session,...}. */
  static String format(Map<String, Long> held) {
    return held.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(","));
  }

  /** The locks {@link #MANAGER_LOCKS} records, by name. */
  static Map<String, Long> managerLocks(ExecutionContext context) {
    Map<String, Long> held = new LinkedHashMap<>();
    String recorded = context.getString(MANAGER_LOCKS, "");
    for (String lock : recorded.isEmpty() ? new String[0] : recorded.split(",")) {
      int eq = lock.lastIndexOf('=');
      held.put(lock.substring(0, eq), Long.parseLong(lock.substring(eq + 1)));
    }
    return held;
  }
}
