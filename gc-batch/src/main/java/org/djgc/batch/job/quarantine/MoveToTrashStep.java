package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.RecordFileChunkStep;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The chunk step {@code quarantine.moveToTrash}: reads this run's candidate units and moves each
 * chunk with {@link TrashMover}. A refused run reads nothing.
 */
final class MoveToTrashStep extends RecordFileChunkStep<CandidateUnit> {
  private TrashMover writer;

  MoveToTrashStep(RunContext run) {
    super(run, CandidateUnit.CODEC, SelectCandidatesTasklet.CANDIDATES, false);
  }

  @Override
  protected void bind(JobExecution job, RunSetup setup, ObjectStore store) {
    Path directory = run.workFiles().directory(job);
    writer = TrashMover.forRun(run, job, setup, store, run.counters(), run.locks()::checkStoreLock, calls(),
        PendingMoves.read(run.ledger(), store.identity(), directory.resolve(RecoverInterruptedTasklet.PENDING_MOVES)),
        run.counters().get(Counter.CANDIDATES));
  }

  @Override
  protected void finish() {
    if (writer != null) {
      writer.finish();
    }
  }

  @Override
  public void write(Chunk<? extends CandidateUnit> chunk) {
    writer.write(chunk);
  }
}
