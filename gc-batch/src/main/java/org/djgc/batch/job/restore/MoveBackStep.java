package org.djgc.batch.job.restore;

import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RecordFileChunkStep;
import org.djgc.batch.job.support.Restorer;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Chunk step {@code restore.moveBack}: each selected row goes back to its original path, never
 * overwriting (identical hash content drops the trash copy; anything else is a {@code CONFLICT}).
 */
final class MoveBackStep extends RecordFileChunkStep<LedgerRef> {
  private Restorer restorer;

  MoveBackStep(RunContext run) {
    super(run, LedgerRef.CODEC, SelectEntriesTasklet.SELECTED, true);
  }

  @Override
  protected void bind(JobExecution job, RunSetup setup, ObjectStore store) {
    restorer = new Restorer(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()), run.clock(),
        run.counters(), job.getId(), run.locks());
  }

  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    run.locks().checkStoreLock();
    for (LedgerRef ref : chunk) {
      QuarantineEntry entry = run.ledger().findById(ref.id());
      if (entry != null && (entry.state() == QuarantineState.QUARANTINED || entry.state() == QuarantineState.CONFLICT
          || entry.state() == QuarantineState.RESTORING)) {
        restorer.restore(entry, RestoreReason.OPERATOR);
        run.crash().reached("restore.afterRestore");
      }
    }
  }
}
