package org.djgc.batch.job.purge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.EmptyParents;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RowClaims;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.batch.job.support.StorageCalls;
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
 * Writer of {@code purge.deleteExpired} and of each {@code purge.deleteSlice} partition, per chunk:
 * prove the run's locks, then {@code QUARANTINED → PURGING} (claiming each row), then a
 * compare-and-set claim of every row (one round trip) right before the deletes of their trash
 * copies ({@code gc.storage-concurrency} at once, each conditional on its row's recorded etag where
 * the backend supports it), then {@code → PURGED} for the deleted ones. A row that another actor
 * changed since it was read (a heal, a restore), or that a live execution holds, is skipped:
 * nothing is deleted for it. Storage first, ledger second: a crash in between leaves a {@code
 * PURGING} row the next purge finishes. Only trash copies are ever deleted. A trash object whose
 * etag is no longer the recorded one is kept and its row becomes {@code CHANGED}, which no purge
 * selects again.
 */
final class Purger implements ItemWriter<LedgerRef> {
  private final RunContext run;
  private final ObjectStore store;
  private final TrashLayout trash;
  private final long executionId;
  private final org.djgc.core.progress.Progress progress;
  private final RowClaims claims;
  private final StorageCalls calls;
  private final RunCounters counters;
  private final Runnable proveLocks;

  /**
   * @param counters where this purger counts (the run's, or a partition's own)
   * @param proveLocks called before each chunk; fails unless the run's locks are still held (here, or
   *     by the partition's manager)
   * @param due rows expected, for progress lines; negative when unknown
   */
  Purger(RunContext run, ObjectStore store, TrashLayout trash, long executionId, long due, StorageCalls calls,
      RunCounters counters, Runnable proveLocks) {
    this.run = run;
    this.counters = counters;
    this.proveLocks = proveLocks;
    this.calls = calls;
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
    proveLocks.run();
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
    // the compare-and-set right before the deletes: still PURGING, still held as read (or as just
    // marked); once held, no other execution may touch a row while this one lives
    List<QuarantineEntry> purging = entries.stream()
        .filter(e -> e.state() == QuarantineState.PURGING || marked.contains(e.id())).toList();
    Set<Long> held = claims.claimAll(purging, QuarantineState.PURGING,
        e -> marked.contains(e.id()) ? Long.valueOf(executionId) : e.claimExecutionId());
    List<QuarantineEntry> toDelete = purging.stream().filter(e -> held.contains(e.id())).toList();
    List<Deleted> outcomes = calls.map(toDelete, this::delete);
    List<QuarantineEntry> deleted = new ArrayList<>();
    for (Deleted outcome : outcomes) {
      QuarantineEntry entry = outcome.entry();
      if (outcome.changed() != null) {
        run.ledger().markChanged(entry.id(), outcome.changed(), run.clock().now());
        counters.increment(Counter.CHANGED);
        counters.error("CHANGED " + entry.trashPath() + ": " + outcome.changed() + "; kept, never purged"
            + " (restore --path=" + entry.originalPath() + " moves it back)");
      } else if (outcome.error() != null) {
        run.ledger().recordError(entry.id(), QuarantineState.PURGING, outcome.error());
        counters.increment(Counter.DELETE_ERRORS);
        counters.error("DELETE " + entry.trashPath() + ": " + outcome.error());
      } else {
        deleted.add(entry);
      }
    }
    run.ledger().markPurged(deleted.stream().map(QuarantineEntry::id).toList(), run.clock().now());
    Map<ObjectKey, ObjectKey> emptied = new LinkedHashMap<>();
    deleted.forEach(e -> emptied.put(ObjectKey.of(e.trashPath()), trash.runDirectory(e.trashPath())));
    EmptyParents.prune(store, emptied);
    for (QuarantineEntry entry : deleted) {
      counters.increment(Counter.PURGED);
      counters.add(Counter.BYTES_PURGED, entry.sizeBytes());
      progress.advance(1, entry.sizeBytes());
    }
  }

  /** One delete's outcome: done, kept because its etag changed, or failed. */
  private record Deleted(QuarantineEntry entry, String changed, String error) {}

  /** Deletes one trash copy, conditional on its recorded etag; runs on a storage thread, so it touches no ledger row. */
  private Deleted delete(QuarantineEntry entry) {
    try {
      store.delete(ObjectKey.of(entry.trashPath()), Optional.ofNullable(entry.etag()));
    } catch (EtagMismatchException e) {
      return new Deleted(entry, e.getMessage(), null);
    } catch (StorageException e) {
      return new Deleted(entry, null, e.getMessage());
    }
    run.crash().reached("purge.afterDelete");
    return new Deleted(entry, null, null);
  }
}
