package org.djgc.batch.job.support;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code <job>.begin}: fixes the run's reference instant {@code T0} from dj-gc's clock before
 * anything is read, so the age cutoff and the grace deadline never move during the run.
 */
public class BeginRunTasklet implements Tasklet {
  private final GcClock clock;

  public BeginRunTasklet(GcClock clock) {
    this.clock = clock;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
        .putLong(ContextKeys.T0_MICROS, Micros.of(clock.now()));
    return RepeatStatus.FINISHED;
  }
}
