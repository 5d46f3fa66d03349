package org.djgc.batch.job.purge;

import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RecordFileChunkStep;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/** The chunk step {@code purge.deleteExpired} over the due rows; a refused run reads nothing. */
final class DeleteExpiredStep extends RecordFileChunkStep<LedgerRef> {
  private Purger purger;

  DeleteExpiredStep(RunContext run) {
    super(run, LedgerRef.CODEC, SelectExpiredTasklet.DUE, false);
  }

  @Override
  protected void bind(JobExecution job, RunSetup setup, ObjectStore store) {
    purger = new Purger(run, store, new TrashLayout(setup.layout().trashPrefix()), job.getId(),
        job.getExecutionContext().getLong(SelectExpiredTasklet.DUE_COUNT, -1L), calls(), run.counters(),
        run.locks()::checkStoreLock);
  }

  @Override
  protected void finish() {
    if (purger != null) {
      purger.finish();
    }
  }

  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    purger.write(chunk);
  }
}
