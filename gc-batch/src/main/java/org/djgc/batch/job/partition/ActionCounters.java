package org.djgc.batch.job.partition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.RunCounters;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Aggregates an action step's partitions as Spring Batch does (status, counts) and adds each
 * partition's counters and per-object errors to the run's: what the outcome report, the audit
 * record and the metrics show is the sum over this execution's partitions.
 */
final class ActionCounters implements StepExecutionAggregator {
  private final StepExecutionAggregator standard = new DefaultStepExecutionAggregator();
  private final RunCounters run;

  ActionCounters(RunCounters run) {
    this.run = run;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void aggregate(StepExecution result, Collection<StepExecution> executions) {
    standard.aggregate(result, executions);
    for (StepExecution partition : executions) {
      ExecutionContext context = partition.getExecutionContext();
      Map<String, Long> counted = (Map<String, Long>) context.get(ActOnSliceTasklet.COUNTERS);
      if (counted != null) {
        counted.forEach((key, value) -> run.add(Counter.ofKey(key), value));
      }
      List<String> errors = (List<String>) context.get(ActOnSliceTasklet.ERRORS);
      if (errors != null) {
        run.addErrors(errors, context.getLong(ActOnSliceTasklet.ERROR_COUNT, errors.size()));
      }
    }
  }
}
