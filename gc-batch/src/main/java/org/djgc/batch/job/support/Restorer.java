package org.djgc.batch.job.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;

/**
 * Moves one quarantined file back to its original path ({@code → RESTORING → RESTORED}), for heals
 * and operator restores. It never overwrites: when the original path is occupied by a hash object
 * whose content matches its name (the same bytes were uploaded again), or by the trash copy itself
 * (an earlier restore died between its copy or link and its delete), the trash copy is dropped;
 * anything else is a {@code CONFLICT} and both files stay.
 */
public final class Restorer {
  private final ObjectStore store;
  private final QuarantineLedger ledger;
  private final TrashLayout trash;
  private final GcClock clock;
  private final RunCounters counters;
  private final long executionId;
  private final RowClaims claims;
  private final CrashPoints crash;

  public Restorer(ObjectStore store, QuarantineLedger ledger, TrashLayout trash, GcClock clock, RunCounters counters,
      long executionId, RunLocks locks, CrashPoints crash) {
    this.crash = crash;
    this.claims = new RowClaims(ledger, locks, executionId);
    this.store = store;
    this.ledger = ledger;
    this.trash = trash;
    this.clock = clock;
    this.counters = counters;
    this.executionId = executionId;
  }

  /**
   * Restores an entry in state QUARANTINED, PURGING, CONFLICT, CHANGED, MISSING (a trash copy that
   * reappeared) or RESTORING (an interrupted restore), after claiming it ({@link RowClaims}); a row
   * another execution changed or holds is skipped.
   */
  public void restore(QuarantineEntry entry, RestoreReason reason) {
    if (!claims.claim(entry)) {
      return;
    }
    if (entry.state() != QuarantineState.RESTORING) {
      ledger.markRestoring(entry.id(), entry.state(), executionId, reason, clock.now());
    }
    String point = reason == RestoreReason.HEALED ? "heal" : "restore";
    crash.reached(point + ".afterMarkRestoring");
    ObjectKey trashKey = ObjectKey.of(entry.trashPath());
    ObjectKey original = ObjectKey.of(entry.originalPath());
    try {
      Optional<StoredObject> inTrash = store.stat(trashKey);
      Optional<StoredObject> atOriginal = store.stat(original);
      if (inTrash.isEmpty()) {
        if (atOriginal.isPresent()) {
          restored(entry, reason);
        } else {
          ledger.markMissing(entry.id(), QuarantineState.RESTORING, "neither the trash copy nor the original exists",
              clock.now());
          counters.increment(Counter.MISSING);
          counters.error("MISSING " + entry.originalPath() + ": neither " + entry.trashPath() + " nor the original exists");
        }
      } else if (atOriginal.isEmpty()) {
        store.move(trashKey, original);
        crash.reached(point + ".afterMoveBack");
        store.pruneEmptyParents(trashKey, trash.runDirectory(entry.trashPath()));
        restored(entry, reason);
      } else if (sameHashContent(entry, atOriginal.get())) {
        store.delete(trashKey);
        store.pruneEmptyParents(trashKey, trash.runDirectory(entry.trashPath()));
        restored(entry, reason);
      } else if (sameRecordedObject(entry, inTrash.get(), atOriginal.get())) {
        store.delete(trashKey, Optional.ofNullable(entry.etag()));
        store.pruneEmptyParents(trashKey, trash.runDirectory(entry.trashPath()));
        restored(entry, reason);
      } else {
        ledger.markConflict(entry.id(), QuarantineState.RESTORING, "original path is occupied by other content",
            clock.now());
        counters.increment(Counter.CONFLICTS);
        counters.error("CONFLICT " + entry.originalPath() + ": occupied by other content; kept at " + entry.trashPath());
      }
    } catch (StorageException e) {
      ledger.recordError(entry.id(), QuarantineState.RESTORING, e.getMessage());
      counters.increment(Counter.MOVE_ERRORS);
      counters.error("RESTORE " + entry.originalPath() + ": " + e.getMessage());
    }
  }

  /** The execution this restorer acts for. */
  public long executionId() {
    return executionId;
  }

  private void restored(QuarantineEntry entry, RestoreReason reason) {
    ledger.markRestored(entry.id(), QuarantineState.RESTORING, executionId, reason, clock.now());
    counters.increment(reason == RestoreReason.HEALED ? Counter.RESTORED_HEALED : Counter.RESTORED_OPERATOR);
  }

  /**
   * The original path already holds the trash copy itself: a restore died after its copy or link.
   * With a recorded etag (S3), both objects have the recorded size and etag; otherwise the backend
   * must see one file under both names (a hard link: same device and inode).
   */
  private boolean sameRecordedObject(QuarantineEntry entry, StoredObject copy, StoredObject occupant) {
    if (entry.etag() != null && !entry.etag().isBlank()) {
      String recorded = unquoted(entry.etag());
      return copy.sizeBytes() == entry.sizeBytes() && occupant.sizeBytes() == entry.sizeBytes()
          && copy.etag().map(Restorer::unquoted).filter(recorded::equals).isPresent()
          && occupant.etag().map(Restorer::unquoted).filter(recorded::equals).isPresent();
    }
    return store.sameObject(copy.key(), occupant.key());
  }

  private static String unquoted(String etag) {
    return etag.replace("\"", "");
  }

  /** A hash object whose current content hashes to its own name, with the recorded size. */
  private boolean sameHashContent(QuarantineEntry entry, StoredObject occupant) {
    ObjectKey original = ObjectKey.of(entry.originalPath());
    if (entry.section() != SectionKind.HASH || occupant.sizeBytes() != entry.sizeBytes()) {
      return false;
    }
    return HashPaths.isHashName(original.fileName()) && md5Name(original).equals(original.fileName());
  }

  private String md5Name(ObjectKey key) {
    try (InputStream in = new DigestInputStream(store.open(key), MessageDigest.getInstance("MD5"))) {
      MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HashPaths.computeHashOfDigest(digest.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new StorageException("Cannot read " + key + " to compare its content: " + e.getMessage(), e);
    }
  }
}
