package org.djgc.batch.job.restore;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RecordFileChunkStep;
import org.djgc.batch.job.support.Restorer;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Chunk step {@code restore.moveBack}: each selected row goes back to its original path, never
 * overwriting (identical hash content or the trash copy itself drops the trash copy; anything else
 * is a {@code CONFLICT}). A {@code PURGING} row (a purge died, or will delete it next) is restored
 * while its trash copy exists, and becomes {@code PURGED} when the purge already deleted it; a
 * {@code MISSING} row is restored only when its trash copy has reappeared.
 */
final class MoveBackStep extends RecordFileChunkStep<LedgerRef> {
  /** The states an operator restore selects. */
  static final Set<QuarantineState> SELECTABLE = EnumSet.of(QuarantineState.QUARANTINED, QuarantineState.CONFLICT,
      QuarantineState.RESTORING, QuarantineState.PURGING, QuarantineState.CHANGED, QuarantineState.MISSING);

  private Restorer restorer;
  private ObjectStore store;
  private org.djgc.core.progress.Progress progress;

  MoveBackStep(RunContext run) {
    super(run, LedgerRef.CODEC, SelectEntriesTasklet.SELECTED, true);
  }

  @Override
  protected void bind(JobExecution job, RunSetup setup, ObjectStore store) {
    this.store = store;
    restorer = new Restorer(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()), run.clock(),
        run.counters(), job.getId(), run.locks(), run.crash());
    progress = new org.djgc.core.progress.Progress("Restoring from trash",
        job.getExecutionContext().getLong(SelectEntriesTasklet.SELECTED_COUNT, -1L),
        org.djgc.core.progress.Progress.DEFAULT_INTERVAL);
  }

  @Override
  protected void finish() {
    if (progress != null) {
      progress.finish();
    }
  }

  /**
   * Restores the chunk's rows {@code gc.storage-concurrency} at a time, each row's whole sequence
   * (claim, {@code RESTORING}, storage calls, {@code RESTORED}) on one thread; rows of one original
   * path one after the other, in ledger order.
   */
  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    run.locks().checkStoreLock();
    List<QuarantineEntry> entries = run.ledger().findByIds(chunk.getItems().stream().map(LedgerRef::id).toList())
        .stream().filter(entry -> SELECTABLE.contains(entry.state())).toList();
    calls().forEachGrouped(entries, QuarantineEntry::originalPath, entry -> {
      if (restorable(entry)) {
        restorer.restore(entry, RestoreReason.OPERATOR);
        run.crash().reached("restore.afterRestore");
      }
      progress.advance(1, entry.sizeBytes());
    });
  }

  /** Whether a PURGING or MISSING row still has its trash copy (other states: always). */
  private boolean restorable(QuarantineEntry entry) {
    if (entry.state() != QuarantineState.PURGING && entry.state() != QuarantineState.MISSING) {
      return true;
    }
    try {
      if (store.stat(ObjectKey.of(entry.trashPath())).isPresent()) {
        return true;
      }
    } catch (StorageException e) {
      run.counters().increment(Counter.MOVE_ERRORS);
      run.counters().error("RESTORE " + entry.originalPath() + ": " + e.getMessage());
      return false;
    }
    if (entry.state() == QuarantineState.PURGING) {
      run.ledger().markPurged(entry.id(), run.clock().now());
      run.counters().error("PURGED " + entry.originalPath() + ": an interrupted purge had already deleted "
          + entry.trashPath() + "; nothing to restore");
    } else {
      run.counters().error("MISSING " + entry.originalPath() + ": its trash copy " + entry.trashPath()
          + " is still absent; nothing to restore");
    }
    return false;
  }
}
