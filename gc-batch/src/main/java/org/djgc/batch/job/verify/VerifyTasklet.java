package org.djgc.batch.job.verify;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.ExternalSorter;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StoredObject;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code verify} job's step: the trash listing against the ledger. Only rows whose trash path
 * lies under the listed prefix are judged; the others are reported {@code NOT JUDGED} and left
 * alone (they were recorded under another {@code gc.trash-prefix}). Rows whose trash copy must
 * exist ({@code QUARANTINED}, {@code PURGING}, {@code CONFLICT}, {@code CHANGED}) must have it;
 * {@code MOVING} and {@code RESTORING} rows may or may not; a trash file of a terminal row is a
 * leftover. Drift: untracked trash files (in dj-gc's layout), rows whose trash copy is missing
 * (confirmed by a stat of the object itself: one the listing missed is reported {@code UNLISTED}),
 * size mismatches, and foreign files (not in the layout; never touched). With {@code
 * --rebuild-ledger}, untracked files get {@code QUARANTINED} rows whose grace starts now, and rows
 * without a trash copy become {@code MISSING}; the store lock is checked before every repair.
 */
class VerifyTasklet implements Tasklet {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifyTasklet.class);
  private static final EnumSet<QuarantineState> IN_TRASH =
      EnumSet.of(QuarantineState.QUARANTINED, QuarantineState.PURGING, QuarantineState.CONFLICT,
          QuarantineState.CHANGED);

  private final RunContext run;

  VerifyTasklet(RunContext run) {
    this.run = run;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup setup = run.setup(job);
    boolean rebuild = Boolean.parseBoolean(job.getJobParameters().getString(JobParameterNames.REBUILD_LEDGER, "false"));
    Path directory = run.workFiles().directory(job);
    TrashLayout trash = new TrashLayout(setup.layout().trashPrefix());
    int buffer = run.properties().sortBufferRecords();
    try (ObjectStore store = run.openStore(setup, directory);
        ExternalSorter<TrashRecord> listed = new ExternalSorter<>(TrashRecord.ORDER, TrashRecord.CODEC, buffer, directory);
        ExternalSorter<TrashRecord> recorded = new ExternalSorter<>(TrashRecord.ORDER, TrashRecord.CODEC, buffer,
            directory)) {
      try (ObjectListing listing = store.list(trash.root(), Optional.empty())) {
        while (listing.hasNext()) {
          StoredObject object = listing.next();
          listed.add(new TrashRecord(object.key().path(), object.sizeBytes(), 0, ""));
        }
      }
      org.djgc.batch.job.support.LedgerPages.forEach(run.ledger(), store.identity(),
          EnumSet.allOf(QuarantineState.class), entry -> {
            if (trash.contains(entry.trashPath())) {
              recorded.add(new TrashRecord(entry.trashPath(), entry.sizeBytes(), entry.id(), entry.state().name()));
            } else if (IN_TRASH.contains(entry.state())) {
              notJudged(entry, setup.layout().trashPrefix());
            }
          });
      run.crash().reached("verify.afterListing");
      try (CloseableIterator<TrashRecord> files = listed.sorted(); CloseableIterator<TrashRecord> rows = recorded.sorted()) {
        merge(files, rows, new Drift(run, setup, store.identity(), trash, rebuild, store));
      }
    }
    return RepeatStatus.FINISHED;
  }

  /** A row recorded under another trash prefix: this listing cannot say anything about it. */
  private void notJudged(QuarantineEntry entry, String trashPrefix) {
    run.counters().increment(Counter.NOT_JUDGED);
    run.counters().error("NOT JUDGED " + entry.trashPath() + ": ledger row " + entry.id() + " (" + entry.state()
        + ") lies outside the listed trash " + trashPrefix + "/; left as is (run verify with that row's"
        + " gc.trash-prefix to check it)");
  }

  private static void merge(CloseableIterator<TrashRecord> files, CloseableIterator<TrashRecord> rows, Drift drift) {
    TrashRecord file = files.hasNext() ? files.next() : null;
    TrashRecord row = rows.hasNext() ? rows.next() : null;
    while (file != null || row != null) {
      int order = file == null ? 1 : row == null ? -1 : file.trashPath().compareTo(row.trashPath());
      if (order < 0) {
        drift.untracked(file);
        file = files.hasNext() ? files.next() : null;
      } else if (order > 0) {
        drift.missing(row);
        row = rows.hasNext() ? rows.next() : null;
      } else {
        drift.matched(file, row);
        file = files.hasNext() ? files.next() : null;
        row = rows.hasNext() ? rows.next() : null;
      }
    }
  }

  /** Reports (and with rebuild, repairs) each kind of drift. */
  private static final class Drift {
    private final RunContext run;
    private final RunSetup setup;
    private final org.djgc.core.storage.StoreIdentity identity;
    private final TrashLayout trash;
    private final boolean rebuild;
    private final ObjectStore store;

    Drift(RunContext run, RunSetup setup, org.djgc.core.storage.StoreIdentity identity, TrashLayout trash,
        boolean rebuild, ObjectStore store) {
      this.run = run;
      this.setup = setup;
      this.identity = identity;
      this.trash = trash;
      this.rebuild = rebuild;
      this.store = store;
    }

    /** Before every repair: the listing is only trusted while no other run can have changed the trash. */
    private void checkLock() {
      run.locks().checkStoreLock();
    }

    void untracked(TrashRecord file) {
      Optional<TrashLayout.Parsed> parsed = trash.parse(file.trashPath());
      if (parsed.isEmpty()) {
        run.counters().increment(Counter.FOREIGN);
        run.counters().error("FOREIGN " + file.trashPath() + ": not in dj-gc's trash layout; left alone");
        return;
      }
      run.counters().increment(Counter.UNTRACKED);
      String original = parsed.get().originalPath();
      if (!rebuild) {
        run.counters().error("UNTRACKED " + file.trashPath() + ": no ledger row (run --rebuild-ledger)");
        return;
      }
      SectionKind section = sectionOf(original);
      checkLock();
      run.ledger().recordRebuilt(new NewEntry(setup.spec().name(), identity, section, schemaOf(original, section),
          original,          original, file.trashPath(), file.sizeBytes(), null, parsed.get().executionId()), run.clock().now());
      run.counters().increment(Counter.REBUILT);
    }

    /** A trash file with its row: fine for live states, a leftover for terminal ones, or a size mismatch. */
    void matched(TrashRecord file, TrashRecord row) {
      QuarantineState state = QuarantineState.valueOf(row.state());
      if (state.terminal()) {
        run.counters().increment(Counter.UNTRACKED);
        run.counters().error("LEFTOVER " + file.trashPath() + ": its ledger row " + row.ledgerId() + " is " + state
            + (state == QuarantineState.MISSING ? " (an operator restore of its path moves it back)" : ""));
      } else if (IN_TRASH.contains(state) && state != QuarantineState.CHANGED && file.sizeBytes() != row.sizeBytes()) {
        sizeMismatch(file, row);
      }
    }

    void missing(TrashRecord row) {
      if (!IN_TRASH.contains(QuarantineState.valueOf(row.state()))) {
        return; // MOVING, RESTORING (the file may be at its original path) or terminal rows
      }
      if (store.stat(ObjectKey.of(row.trashPath())).isPresent()) {
        run.counters().error("UNLISTED " + row.trashPath() + ": ledger row " + row.ledgerId() + " (" + row.state()
            + ") has its trash copy, but the listing did not show it; left as is");
        return;
      }
      if (QuarantineState.valueOf(row.state()) == QuarantineState.PURGING) {
        // a purge killed after its delete: not drift; the next purge's heal records it PURGED (§8.4)
        LOG.info("{}: ledger row {} is PURGING without its trash copy (an interrupted purge); the next purge"
            + " records it PURGED", row.trashPath(), row.ledgerId());
        return;
      }
      run.counters().increment(Counter.MISSING);
      if (rebuild) {
        checkLock();
        run.ledger().markMissing(row.ledgerId(), QuarantineState.valueOf(row.state()),
            "trash copy not found by verify", run.clock().now());
      } else {
        run.counters().error("MISSING " + row.trashPath() + ": ledger row " + row.ledgerId() + " (" + row.state()
            + ") has no trash copy");
      }
    }

    void sizeMismatch(TrashRecord file, TrashRecord row) {
      run.counters().increment(Counter.SIZE_MISMATCH);
      run.counters().error("SIZE " + file.trashPath() + ": " + file.sizeBytes() + " bytes, ledger says "
          + row.sizeBytes());
    }

    private SectionKind sectionOf(String original) {
      String hash = stripped(setup.spec().hashPrefix());
      String schema = stripped(setup.spec().schemaPrefix());
      if (!hash.isEmpty() && original.startsWith(hash + "/")) {
        return SectionKind.HASH;
      }
      if (!schema.isEmpty() && original.startsWith(schema + "/")) {
        return SectionKind.SCHEMA;
      }
      return HashPaths.isHashName(ObjectKey.of(original).fileName()) ? SectionKind.HASH : SectionKind.SCHEMA;
    }

    private String schemaOf(String original, SectionKind section) {
      String prefix = stripped(section == SectionKind.HASH ? setup.spec().hashPrefix() : setup.spec().schemaPrefix());
      String rest = prefix.isEmpty() ? original : original.substring(Math.min(original.length(), prefix.length() + 1));
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String stripped(String prefix) {
      return prefix.replaceAll("^/+|/+$", "");
    }
  }
}
