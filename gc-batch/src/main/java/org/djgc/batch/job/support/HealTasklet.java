package org.djgc.batch.job.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.orphan.ReferenceCollector;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.reference.ReferenceScanException;
import org.djgc.core.reference.jdbc.JdbcReferenceScanner;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Heals: every quarantined file whose original path a live row references again goes back,
 * whatever its age (spec §8.3). Heals are never gated: they only make files readable.
 *
 * <p>{@code quarantine.verifyReferences} first takes a fresh snapshot (rows committed while this
 * run moved files). {@code purge.heal} uses the purge's own snapshot and first finishes what
 * crashed runs left: {@code MOVING} rows that need no move, {@code PURGING} rows whose trash copy is
 * already gone, and interrupted {@code RESTORING} rows. A covered {@code MISSING} row whose trash
 * copy has reappeared is healed too. Rows are healed {@code gc.storage-concurrency} at a time, each
 * row's whole sequence on one thread, rows of one original path one after the other.
 */
public class HealTasklet implements Tasklet {
  private static final Logger LOG = LoggerFactory.getLogger(HealTasklet.class);
  private static final String FRESH_REFERENCES = "references-verify.bin";

  private final boolean freshSnapshot;
  private final RunContext run;

  private HealTasklet(boolean freshSnapshot, RunContext run) {
    this.freshSnapshot = freshSnapshot;
    this.run = run;
  }

  /** {@code quarantine.verifyReferences}: heals against a fresh snapshot, taken after the moves. */
  public static HealTasklet afterMoves(RunContext run) {
    return new HealTasklet(true, run);
  }

  /** {@code purge.heal}: heals against the purge's own snapshot, before anything is deleted. */
  public static HealTasklet beforeDeletes(RunContext run) {
    return new HealTasklet(false, run);
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    Path references = freshSnapshot ? freshReferences(setup, directory) : directory.resolve(WorkFiles.REFERENCES);
    QuarantineLedger ledger = run.ledger();
    run.locks().checkStoreLock();
    try (ObjectStore objects = run.openStore(setup, directory);
        StorageCalls calls = new StorageCalls(run.properties().storageConcurrency(objects), "heal")) {
      StoreIdentity store = objects.identity();
      Restorer restorer = new Restorer(objects, ledger, new TrashLayout(setup.layout().trashPrefix()), run.clock(),
          run.counters(), job.getId(), run.locks(), run.crash());
      if (!freshSnapshot) {
        new MovingRecovery(objects, ledger, run.clock(), run.counters(), job.getId(), run.locks())
            .recover(store, references, directory, run.properties().sortBufferRecords(), false, calls);
        finishInterrupted(ledger, store, references, directory, objects, restorer, calls);
      }
      List<Long> covered = new ArrayList<>();
      LedgerCoverage.partition((after, limit) -> ledger.page(store, EnumSet.of(QuarantineState.QUARANTINED,
          QuarantineState.MISSING), after, limit), references, directory, run.properties().sortBufferRecords(),
          (ref, isCovered) -> {
            if (isCovered) {
              covered.add(ref.id());
            }
          });
      LedgerPages.inSlices(ledger, covered, entries -> calls.forEachGrouped(entries, QuarantineEntry::originalPath,
          entry -> {
            if (entry.state() == QuarantineState.QUARANTINED || reappeared(entry, objects)) {
              LOG.info("Healing {}: a live row references it again", entry.originalPath());
              restorer.restore(entry, RestoreReason.HEALED);
            }
          }));
    }
    return RepeatStatus.FINISHED;
  }

  /** A {@code MISSING} row whose trash copy is back (e.g. marked by a verify that could not see it). */
  private boolean reappeared(QuarantineEntry entry, ObjectStore objects) {
    if (entry.state() != QuarantineState.MISSING) {
      return false;
    }
    try {
      return objects.stat(ObjectKey.of(entry.trashPath())).isPresent();
    } catch (StorageException e) {
      run.counters().increment(Counter.MOVE_ERRORS);
      run.counters().error("HEAL " + entry.originalPath() + ": " + e.getMessage());
      return false;
    }
  }

  /** {@code PURGING} rows (healed when covered, else {@code PURGED} when their copy is gone), then {@code RESTORING} ones. */
  private void finishInterrupted(QuarantineLedger ledger, StoreIdentity store, Path references, Path directory,
      ObjectStore objects, Restorer restorer, StorageCalls calls) {
    RowClaims claims = new RowClaims(ledger, run.locks(), restorer.executionId());
    Map<Long, Boolean> purging = new LinkedHashMap<>();
    LedgerCoverage.partition((after, limit) -> ledger.page(store, EnumSet.of(QuarantineState.PURGING), after, limit),
        references, directory, run.properties().sortBufferRecords(), (ref, covered) -> purging.put(ref.id(), covered));
    LedgerPages.inSlices(ledger, purging.keySet(), entries -> calls.forEachGrouped(entries,
        QuarantineEntry::originalPath, entry -> {
          if (entry.state() != QuarantineState.PURGING) {
            return;
          }
          if (purging.get(entry.id())) {
            restorer.restore(entry, RestoreReason.HEALED);
          } else if (claims.claim(entry) && objects.stat(ObjectKey.of(entry.trashPath())).isEmpty()) {
            ledger.markPurged(entry.id(), run.clock().now());
            run.counters().increment(Counter.PURGED);
            run.counters().add(Counter.BYTES_PURGED, entry.sizeBytes());
          }
        }));
    List<QuarantineEntry> restoring = new ArrayList<>();
    LedgerPages.forEach(ledger, store, EnumSet.of(QuarantineState.RESTORING), restoring::add);
    calls.forEachGrouped(restoring, QuarantineEntry::originalPath,
        entry -> restorer.restore(entry, entry.restoreReason() == null ? RestoreReason.HEALED : entry.restoreReason()));
  }

  private Path freshReferences(RunSetup setup, Path directory) {
    Path target = directory.resolve(FRESH_REFERENCES);
    try (ReferenceCollector collector = new ReferenceCollector(directory, run.properties().sortBufferRecords())) {
      try {
        new JdbcReferenceScanner(run.pipeline().dataSource(), run.classifier()).scan(setup.scope(), collector);
      } catch (ReferenceScanException e) {
        LOG.warn("Verification snapshot incomplete ({}); healing what it found, the next purge heals the rest",
            e.getMessage());
      }
      collector.writeDistinct(target);
    }
    return target;
  }
}
