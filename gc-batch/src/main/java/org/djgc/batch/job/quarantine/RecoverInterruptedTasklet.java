package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.MovingRecovery;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code quarantine.recoverInterrupted}: finishes the moves a crashed run left {@code MOVING},
 * against this run's snapshot; under a tripped gate only the cases that move nothing.
 */
class RecoverInterruptedTasklet implements Tasklet {
  private final RunContext run;

  RecoverInterruptedTasklet(RunContext run) {
    this.run = run;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    boolean refused = job.getExecutionContext().containsKey(ContextKeys.REFUSAL);
    if (!refused) {
      run.locks().checkStoreLock();
    }
    try (ObjectStore store = run.stores().open(setup.spec(), directory)) {
      new MovingRecovery(store, run.ledger(), run.clock(), run.counters(), job.getId()).recover(setup.spec().name(),
          directory.resolve(WorkFiles.REFERENCES), directory, run.properties().sortBufferRecords(), !refused);
    }
    return RepeatStatus.FINISHED;
  }
}
