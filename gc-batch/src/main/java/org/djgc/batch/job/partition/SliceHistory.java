package org.djgc.batch.job.partition;

import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The partitions of a job instance's scan so far, by name: for each, the one with the highest step
 * execution id. Ids come from one database sequence and grow with every partition created; create
 * times do not serve, since they are the local clock of whichever host ran each execution.
 */
final class SliceHistory {
  private SliceHistory() {}

  /** The latest partition of each name of {@code workerStep} in {@code instance}. */
  static Map<String, StepExecution> latest(JobRepository repository, JobInstance instance, String workerStep) {
    Map<String, StepExecution> latest = new HashMap<>();
    for (JobExecution listed : repository.getJobExecutions(instance)) {
      JobExecution execution = repository.getJobExecution(listed.getId());
      for (StepExecution step : execution.getStepExecutions()) {
        if (step.getStepName().startsWith(workerStep + ":")) {
          latest.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
        }
      }
    }
    return latest;
  }
}
