package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/** What a {@link SliceAction} can hand its partitions: files it publishes, and the scan's slice outputs. */
public final class ActionInputs {
  private final SliceExchange exchange;
  private final JobRepository repository;

  ActionInputs(SliceExchange exchange, JobRepository repository) {
    this.exchange = exchange;
    this.repository = repository;
  }

  /**
   * Publishes {@code file} as run file {@code name} (starting {@code run-}) of {@code job}, removed
   * when the execution ends; returns it as an input.
   */
  public SliceAction.Input publish(JobExecution job, String name, Path file) {
    exchange.publishRunFile(job, name, file);
    return new SliceAction.Input(job.getId(), name);
  }

  /**
   * The output of every slice of this run's scan ({@code scanStep}'s partitions), as {@code
   * mergeSlices} took it: of this execution or, for a slice the restart reused, of the execution
   * restarted. A slice without a completed partition fails, as the merge does.
   */
  public List<SliceAction.Input> sliceOutputs(JobExecution job, String scanStep, int slices) {
    Map<String, StepExecution> history = SliceHistory.latest(repository, job.getJobInstance(), scanStep);
    List<SliceAction.Input> inputs = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      StepExecution scanned = history.get(scanStep + ":" + SlicePartitioner.name(i));
      if (scanned == null || scanned.getStatus() != BatchStatus.COMPLETED) {
        throw new IllegalStateException("Slice " + i + " has no completed scan in execution " + job.getId()
            + ": refusing to act on a partial scan");
      }
      inputs.add(new SliceAction.Input(scanned.getJobExecutionId(), SlicePlan.output(i)));
    }
    return inputs;
  }
}
