package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.MovingRecovery;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.StorageCalls;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code quarantine.recoverInterrupted}: finishes the moves a crashed run left {@code MOVING},
 * against this run's snapshot; under a tripped gate only the cases that move nothing. Those paths
 * were listed (and may be candidates) before recovery ran: they are written to a file so {@code
 * moveToTrash} leaves them to recovery instead of recording them a second time.
 */
class RecoverInterruptedTasklet implements Tasklet {
  /** Original paths that had {@code MOVING} rows before recovery: recovery owns them, this run's moves skip them. */
  static final String PENDING_MOVES = "pending-moves.bin";

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
    try (ObjectStore store = run.openStore(setup, directory);
        StorageCalls calls = new StorageCalls(run.properties().storageConcurrency(store), "recover")) {
      writePendingMoves(store.identity(), directory.resolve(PENDING_MOVES));
      new MovingRecovery(store, run.ledger(), run.clock(), run.counters(), job.getId(), run.locks()).recover(
          store.identity(),
          directory.resolve(WorkFiles.REFERENCES), directory, run.properties().sortBufferRecords(), !refused, calls);
    }
    return RepeatStatus.FINISHED;
  }

  private void writePendingMoves(org.djgc.core.storage.StoreIdentity store, Path file) {
    try (org.djgc.core.sort.RecordFile.Writer<org.djgc.batch.job.support.LedgerRef> out =
        org.djgc.core.sort.RecordFile.writer(file, org.djgc.batch.job.support.LedgerRef.CODEC)) {
      org.djgc.batch.job.support.LedgerPages.forEach(run.ledger(), store,
          java.util.EnumSet.of(org.djgc.core.quarantine.QuarantineState.MOVING),
          entry -> out.write(new org.djgc.batch.job.support.LedgerRef(entry.id(), entry.originalPath())));
    }
  }
}
