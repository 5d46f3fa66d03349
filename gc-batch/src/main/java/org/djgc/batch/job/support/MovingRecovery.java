package org.djgc.batch.job.support;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.StoredObject;

/**
 * Finishes moves a crashed run left {@code MOVING} (spec §6.4), judged against this run's
 * references. Source only: move again, or leave it in place ({@code RESTORED}) when covered. Both:
 * when the trash copy is complete (size, and etag where comparable) delete the source, or when
 * covered the trash copy; an incomplete trash copy is replaced. Trash only: {@code QUARANTINED}.
 * Neither: {@code MISSING}, an error. Without {@code allowMoves} (a gate tripped, or purge) only
 * the cases that move or delete nothing are resolved.
 */
public final class MovingRecovery {
  private final ObjectStore store;
  private final QuarantineLedger ledger;
  private final GcClock clock;
  private final RunCounters counters;
  private final long executionId;
  private final RowClaims claims;

  public MovingRecovery(ObjectStore store, QuarantineLedger ledger, GcClock clock, RunCounters counters,
      long executionId, RunLocks locks) {
    this.claims = new RowClaims(ledger, locks, executionId);
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
    this.counters = counters;
    this.executionId = executionId;
  }

  /**
   * Recovers every {@code MOVING} row of the store, {@code calls} rows at a time (rows of one
   * original path one after the other). Each row is claimed ({@link RowClaims}) before its copies
   * are even looked at, so nothing is deleted or moved for a row another execution changed or holds.
   */
  public void recover(StoreIdentity store, Path references, Path tempDirectory, int bufferRecords,
      boolean allowMoves, StorageCalls calls) {
    Map<Long, Boolean> verdicts = new LinkedHashMap<>();
    LedgerCoverage.partition((after, limit) -> ledger.page(store, EnumSet.of(QuarantineState.MOVING), after, limit),
        references, tempDirectory, bufferRecords, (ref, covered) -> verdicts.put(ref.id(), covered));
    LedgerPages.inSlices(ledger, verdicts.keySet(), entries -> calls.forEachGrouped(entries,
        QuarantineEntry::originalPath, entry -> {
          if (entry.state() == QuarantineState.MOVING && claims.claim(entry)) {
            try {
              recover(entry, verdicts.get(entry.id()), allowMoves);
            } catch (StorageException e) {
              ledger.recordError(entry.id(), QuarantineState.MOVING, e.getMessage());
              counters.increment(Counter.MOVE_ERRORS);
              counters.error("RECOVER " + entry.originalPath() + ": " + e.getMessage());
            }
          }
        }));
  }

  private void recover(QuarantineEntry entry, boolean covered, boolean allowMoves) {
    ObjectKey source = ObjectKey.of(entry.originalPath());
    ObjectKey target = ObjectKey.of(entry.trashPath());
    Optional<StoredObject> atSource = store.stat(source);
    Optional<StoredObject> inTrash = store.stat(target);
    if (atSource.isEmpty() && inTrash.isEmpty()) {
      ledger.markMissing(entry.id(), QuarantineState.MOVING, "neither the original nor the trash copy exists",
          clock.now());
      counters.increment(Counter.MISSING);
      counters.error("MISSING " + entry.originalPath() + " (interrupted move)");
    } else if (atSource.isEmpty()) {
      quarantined(entry, inTrash.get());
    } else if (inTrash.isEmpty()) {
      if (covered) {
        restoredInPlace(entry);
      } else if (allowMoves) {
        store.move(source, target);
        quarantined(entry, store.stat(target).orElseThrow());
      }
    } else if (allowMoves) {
      if (!complete(inTrash.get(), atSource.get())) {
        store.delete(target);
        if (covered) {
          restoredInPlace(entry);
        } else {
          store.move(source, target);
          quarantined(entry, store.stat(target).orElseThrow());
        }
      } else if (covered) {
        store.delete(target);
        restoredInPlace(entry);
      } else {
        store.delete(source);
        quarantined(entry, inTrash.get());
      }
    }
  }

  /** The trash copy has the source's size, and its etag where both have comparable ones. */
  private static boolean complete(StoredObject copy, StoredObject source) {
    if (copy.sizeBytes() != source.sizeBytes()) {
      return false;
    }
    return copy.etag().isEmpty() || source.etag().isEmpty() || Objects.equals(copy.etag(), source.etag())
        || copy.etag().get().contains("-") || source.etag().get().contains("-");
  }

  private void quarantined(QuarantineEntry entry, StoredObject copy) {
    ledger.markQuarantined(entry.id(), clock.now(), copy.etag().orElse(null));
    counters.increment(Counter.RECOVERED);
  }

  private void restoredInPlace(QuarantineEntry entry) {
    ledger.markRestored(entry.id(), QuarantineState.MOVING, executionId, RestoreReason.HEALED, clock.now());
    counters.increment(Counter.RECOVERED);
    counters.increment(Counter.RESTORED_HEALED);
  }
}
