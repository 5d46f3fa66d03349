package org.djgc.batch.job.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.stereotype.Component;

/**
 * The partition steps of this build's jobs by name ({@code report.scanSlice}, {@code
 * quarantine.scanSlice}), registered as the jobs are built: what a worker runs for a request.
 */
@Component
public class WorkerSteps implements StepLocator {
  private final Map<String, Step> steps = new ConcurrentHashMap<>();

  /** Makes {@code step} runnable by workers under its name. */
  public void register(Step step) {
    steps.put(step.getName(), step);
  }

  @Override
  public Step getStep(String stepName) {
    return steps.get(stepName);
  }
}
