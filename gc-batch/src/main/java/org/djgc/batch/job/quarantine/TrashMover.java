package org.djgc.batch.job.quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.EmptyParents;
import org.djgc.batch.job.support.GcClock;
import org.djgc.batch.job.support.Micros;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunCounters;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.StorageCalls;
import org.djgc.core.layout.Section;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writer of {@code quarantine.moveToTrash} and of each {@code quarantine.moveSlice} partition, per
 * chunk: prove the run's locks (the store lock, held here or by the partition's manager), record
 * every file {@code MOVING} (committed before anything moves), move each into {@code
 * {trash}/{run}/{path}} ({@code gc.storage-concurrency} at once), then mark the moved ones {@code
 * QUARANTINED}. A failed move leaves its row {@code
 * MOVING} with the error, for the next run's recovery. Nothing is ever deleted here.
 */
final class TrashMover implements ItemWriter<CandidateUnit> {
  private final ObjectStore store;
  private final QuarantineLedger ledger;
  private final TrashLayout trash;
  private final String run;
  private final String storeName;
  private final List<Section> sections;
  private final long executionId;
  private final GcClock clock;
  private final RunCounters counters;
  private final Runnable proveLocks;
  private final CrashPoints crash;
  private final StorageCalls calls;
  private final Set<String> pendingMoves;
  private final org.djgc.core.progress.Progress progress;

  private TrashMover(ObjectStore store, QuarantineLedger ledger, TrashLayout trash, String run, String storeName,
      List<Section> sections, long executionId, GcClock clock, RunCounters counters, Runnable proveLocks,
      CrashPoints crash, StorageCalls calls, Set<String> pendingMoves, long expected) {
    this.store = store;
    this.ledger = ledger;
    this.trash = trash;
    this.run = run;
    this.storeName = storeName;
    this.sections = sections;
    this.executionId = executionId;
    this.clock = clock;
    this.counters = counters;
    this.proveLocks = proveLocks;
    this.crash = crash;
    this.calls = calls;
    this.pendingMoves = new HashSet<>(pendingMoves);
    this.progress = new org.djgc.core.progress.Progress("Moving to trash", expected,
        org.djgc.core.progress.Progress.DEFAULT_INTERVAL);
  }

  /**
   * The mover of execution {@code job}: its trash run segment ({@code T0} and execution id), the
   * sections of its schemas, its ledger and clock.
   *
   * @param counters where this mover counts (the run's, or a partition's own)
   * @param proveLocks called before each chunk; fails unless the run's locks are still held
   * @param pendingMoves paths recovery owns ({@link PendingMoves})
   * @param expected units expected, for progress lines; negative when unknown
   */
  static TrashMover forRun(RunContext run, JobExecution job, RunSetup setup, ObjectStore store, RunCounters counters, Runnable proveLocks,
      StorageCalls calls, Set<String> pendingMoves, long expected) {
    Instant t0 = Micros.toInstant(job.getExecutionContext().getLong(ContextKeys.T0_MICROS));
    return new TrashMover(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()),
        TrashLayout.runSegment(t0, job.getId()), setup.spec().name(), setup.layout().sections(setup.schemas()),
        job.getId(), run.clock(), counters, proveLocks, run.crash(), calls, pendingMoves, expected);
  }

  /** Logs the step's last progress line. */
  void finish() {
    progress.finish();
  }

  @Override
  public void write(Chunk<? extends CandidateUnit> chunk) {
    proveLocks.run();
    Map<String, ListedFile> byTrashPath = new LinkedHashMap<>();
    List<NewEntry> entries = new ArrayList<>();
    for (CandidateUnit unit : chunk) {
      for (ListedFile file : unit.files()) {
        if (pendingMoves.contains(file.path())) {
          counters.increment(Counter.ALREADY_QUARANTINED);
          continue;
        }
        Section section = sections.get(file.section());
        String trashPath = trash.trashKey(run, file.path()).path();
        byTrashPath.put(trashPath, file);
        entries.add(new NewEntry(storeName, store.identity(), section.kind(), section.schema(), unit.unitPath(),
            file.path(), trashPath, file.sizeBytes(), Instant.ofEpochMilli(file.modifiedMillis()), executionId));
      }
    }
    ledger.recordMoving(entries, clock.now());
    crash.reached("quarantine.afterLedgerInsert");
    List<QuarantineEntry> toMove = new ArrayList<>();
    for (QuarantineEntry entry : ledger.findByTrashPaths(store.identity(), byTrashPath.keySet())) {
      if (entry.state() != QuarantineState.MOVING) {
        counters.increment(Counter.ALREADY_QUARANTINED);
      } else {
        toMove.add(entry);
      }
    }
    List<Moved> outcomes = calls.map(toMove, entry -> move(entry, byTrashPath.get(entry.trashPath())));
    Map<Long, String> moved = new LinkedHashMap<>();
    List<QuarantineEntry> movedEntries = new ArrayList<>();
    for (Moved outcome : outcomes) {
      QuarantineEntry entry = outcome.entry();
      if (outcome.error() != null) {
        ledger.recordError(entry.id(), QuarantineState.MOVING, outcome.error());
        counters.increment(Counter.MOVE_ERRORS);
        counters.error("MOVE " + entry.originalPath() + ": " + outcome.error());
      } else {
        moved.put(entry.id(), outcome.etag());
        movedEntries.add(entry);
      }
    }
    ledger.markQuarantined(moved, clock.now());
    crash.reached("quarantine.afterMark");
    Map<ObjectKey, ObjectKey> emptied = new LinkedHashMap<>();
    for (QuarantineEntry entry : movedEntries) {
      Section section = sections.get(byTrashPath.get(entry.trashPath()).section());
      emptied.put(ObjectKey.of(entry.originalPath()), ObjectKey.of(section.directory()));
    }
    EmptyParents.prune(store, emptied);
    for (QuarantineEntry entry : movedEntries) {
      counters.increment(Counter.QUARANTINED);
      counters.add(Counter.QUARANTINED_BYTES, entry.sizeBytes());
      progress.advance(1, entry.sizeBytes());
    }
  }

  /** One move's outcome: the trash copy's etag (null when none is recorded), or the error that kept the file. */
  private record Moved(QuarantineEntry entry, String etag, String error) {}

  /**
   * Moves one file into the trash, the version the listing saw; runs on a storage thread, so it
   * touches no ledger row.
   */
  private Moved move(QuarantineEntry entry, ListedFile listed) {
    ObjectKey source = ObjectKey.of(entry.originalPath());
    ObjectKey target = ObjectKey.of(entry.trashPath());
    Optional<String> etag;
    try {
      etag = store.move(source, target, Optional.of(new StoredObject(source, listed.sizeBytes(),
          Instant.ofEpochMilli(listed.modifiedMillis()), Optional.ofNullable(listed.etag()), listed.sizeKnown())));
    } catch (StorageException e) {
      return new Moved(entry, null, e.getMessage());
    }
    crash.reached("quarantine.afterMove");
    return new Moved(entry, etag.isPresent() ? etag.get() : etag(target), null);
  }

  /** The trash copy's etag, read back, where the backend has conditional deletes and the move did not say. */
  private String etag(ObjectKey target) {
    if (!store.capabilities().conditionalDelete()) {
      return null;
    }
    return store.stat(target).flatMap(StoredObject::etag).orElse(null);
  }
}
