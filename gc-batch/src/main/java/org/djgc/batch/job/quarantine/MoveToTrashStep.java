package org.djgc.batch.job.quarantine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.LedgerPages;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.Micros;
import org.djgc.batch.job.support.RecordFileChunkStep;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The chunk step {@code quarantine.moveToTrash}: reads this run's candidate units and moves each
 * chunk with {@link TrashMover}. A refused run reads nothing.
 */
final class MoveToTrashStep extends RecordFileChunkStep<CandidateUnit> {
  private TrashMover writer;

  MoveToTrashStep(RunContext run) {
    super(run, CandidateUnit.CODEC, SelectCandidatesTasklet.CANDIDATES, false);
  }

  @Override
  protected void bind(JobExecution job, RunSetup setup, ObjectStore store) {
    Path directory = run.workFiles().directory(job);
    Instant t0 = Micros.toInstant(job.getExecutionContext().getLong(ContextKeys.T0_MICROS));
    writer = new TrashMover(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()),
        TrashLayout.runSegment(t0, job.getId()), setup.spec().name(), setup.layout().sections(setup.schemas()),
        job.getId(), run.clock(), run.counters(), run.locks(), run.crash(), calls(),
        pendingMoves(store.identity(), directory.resolve(RecoverInterruptedTasklet.PENDING_MOVES)));
  }

  /**
   * Original paths that had {@code MOVING} rows before recovery, or still have a {@code MOVING} or
   * {@code RESTORING} row: recovery, or the next purge's heal finishing an interrupted restore, owns
   * them, and a path is never recorded twice. (A restore killed after its move back leaves the file
   * at its path under a {@code RESTORING} row; moving it again would leave that row nothing to
   * finish.)
   */
  private Set<String> pendingMoves(org.djgc.core.storage.StoreIdentity identity, Path beforeRecovery) {
    Set<String> paths = new HashSet<>();
    if (Files.exists(beforeRecovery)) {
      try (var refs = RecordFile.read(beforeRecovery, LedgerRef.CODEC)) {
        refs.forEachRemaining(ref -> paths.add(ref.originalPath()));
      }
    }
    LedgerPages.forEach(run.ledger(), identity, EnumSet.of(QuarantineState.MOVING, QuarantineState.RESTORING),
        entry -> paths.add(entry.originalPath()));
    return paths;
  }

  @Override
  protected void finish() {
    if (writer != null) {
      writer.finish();
    }
  }

  @Override
  public void write(Chunk<? extends CandidateUnit> chunk) {
    writer.write(chunk);
  }
}
