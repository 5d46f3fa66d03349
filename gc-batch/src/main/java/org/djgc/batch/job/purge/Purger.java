package org.djgc.batch.job.purge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RowClaims;
import org.djgc.batch.job.support.RunContext;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.EtagMismatchException;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writer of {@code purge.deleteExpired}: {@code QUARANTINED → PURGING} (claiming each row), then per
 * row a compare-and-set claim right before deleting its trash copy (conditional on its recorded
 * etag where the backend supports it), {@code → PURGED}. A row that another actor changed since it
 * was read (a heal, a restore), or that a live execution holds, is skipped: nothing is deleted for
 * it. Storage first, ledger second: a crash in between leaves a {@code PURGING} row the next purge
 * finishes. Only trash copies are ever deleted. A trash object whose etag is no longer the recorded
 * one is kept and its row becomes {@code CHANGED}, which no purge selects again.
 */
final class Purger implements ItemWriter<LedgerRef> {
  private final RunContext run;
  private final ObjectStore store;
  private final TrashLayout trash;
  private final long executionId;
  private final org.djgc.core.progress.Progress progress;
  private final RowClaims claims;

  Purger(RunContext run, ObjectStore store, TrashLayout trash, long executionId, long due) {
    this.run = run;
    this.store = store;
    this.trash = trash;
    this.executionId = executionId;
    this.claims = new RowClaims(run.ledger(), run.locks(), executionId);
    this.progress = new org.djgc.core.progress.Progress("Purging from trash", due,
        org.djgc.core.progress.Progress.DEFAULT_INTERVAL);
  }

  /** Logs the step's last progress line. */
  void finish() {
    progress.finish();
  }

  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    run.locks().checkStoreLock();
    List<Long> ids = new ArrayList<>();
    chunk.forEach(ref -> ids.add(ref.id()));
    List<QuarantineEntry> entries = run.ledger().findByIds(ids).stream()
        .filter(e -> e.state() == QuarantineState.QUARANTINED || e.state() == QuarantineState.PURGING)
        .filter(e -> !claims.heldByOther(e)).toList();
    Map<Long, Long> holders = new LinkedHashMap<>();
    entries.stream().filter(e -> e.state() == QuarantineState.QUARANTINED)
        .forEach(e -> holders.put(e.id(), e.claimExecutionId()));
    Set<Long> marked = new HashSet<>(run.ledger().markPurging(holders, executionId, run.clock().now()));
    run.crash().reached("purge.afterMarkPurging");
    List<QuarantineEntry> deleted = new ArrayList<>();
    for (QuarantineEntry entry : entries) {
      // the compare-and-set right before the delete: still PURGING, still held as read (or as just marked)
      boolean justMarked = marked.contains(entry.id());
      if (entry.state() == QuarantineState.QUARANTINED && !justMarked
          || !claims.claim(entry, QuarantineState.PURGING, justMarked ? executionId : entry.claimExecutionId())) {
        continue;
      }
      try {
        store.delete(ObjectKey.of(entry.trashPath()), Optional.ofNullable(entry.etag()));
        deleted.add(entry);
      } catch (EtagMismatchException e) {
        run.ledger().markChanged(entry.id(), e.getMessage(), run.clock().now());
        run.counters().increment("changed");
        run.counters().error("CHANGED " + entry.trashPath() + ": " + e.getMessage() + "; kept, never purged (restore"
            + " --path=" + entry.originalPath() + " moves it back)");
        continue;
      } catch (StorageException e) {
        run.ledger().recordError(entry.id(), QuarantineState.PURGING, e.getMessage());
        run.counters().increment("delete_errors");
        run.counters().error("DELETE " + entry.trashPath() + ": " + e.getMessage());
        continue;
      }
      run.crash().reached("purge.afterDelete");
    }
    run.ledger().markPurged(deleted.stream().map(QuarantineEntry::id).toList(), run.clock().now());
    for (QuarantineEntry entry : deleted) {
      run.counters().increment("purged");
      run.counters().add("bytes_purged", entry.sizeBytes());
      ObjectKey key = ObjectKey.of(entry.trashPath());
      store.pruneEmptyParents(key, trash.runDirectory(entry.trashPath()));
      progress.advance(1, entry.sizeBytes());
    }
  }
}
