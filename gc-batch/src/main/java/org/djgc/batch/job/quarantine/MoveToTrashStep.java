package org.djgc.batch.job.quarantine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.Micros;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Reader, writer and listener of the chunk step {@code quarantine.moveToTrash}, bound to the
 * execution when the step starts: reads candidate units, moves each chunk with {@link
 * TrashMover}. A refused run reads nothing.
 */
final class MoveToTrashStep implements ItemStreamReader<CandidateUnit>, ItemWriter<CandidateUnit>,
    StepExecutionListener {
  private final RunContext run;
  private CandidateReader reader;
  private TrashMover writer;
  private ObjectStore store;
  private boolean opened;

  MoveToTrashStep(RunContext run) {
    this.run = run;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    JobExecution job = stepExecution.getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    boolean refused = job.getExecutionContext().containsKey(ContextKeys.REFUSAL);
    reader = new CandidateReader(directory.resolve(SelectCandidatesTasklet.CANDIDATES), refused);
    store = run.stores().open(setup.spec(), directory);
    Instant t0 = Micros.toInstant(job.getExecutionContext().getLong(ContextKeys.T0_MICROS));
    String runSegment = TrashLayout.runSegment(t0, job.getId());
    writer = new TrashMover(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()), runSegment,
        setup.spec().name(), setup.layout().sections(setup.schemas()), job.getId(), run.clock(), run.counters(),
        run.locks(), run.crash(), pendingMoves(setup.spec().name(),
        directory.resolve(RecoverInterruptedTasklet.PENDING_MOVES)));
  }

  /**
   * Original paths that had {@code MOVING} rows before recovery, or still have one: recovery owns
   * them, and a path is never recorded twice.
   */
  private Set<String> pendingMoves(String storeName, Path beforeRecovery) {
    Set<String> paths = new HashSet<>();
    if (java.nio.file.Files.exists(beforeRecovery)) {
      try (var refs = org.djgc.core.sort.RecordFile.read(beforeRecovery, org.djgc.batch.job.support.LedgerRef.CODEC)) {
        refs.forEachRemaining(ref -> paths.add(ref.originalPath()));
      }
    }
    long after = 0;
    List<QuarantineEntry> page;
    do {
      page = run.ledger().page(storeName, EnumSet.of(QuarantineState.MOVING), after, 1000);
      for (QuarantineEntry entry : page) {
        paths.add(entry.originalPath());
        after = entry.id();
      }
    } while (page.size() == 1000);
    return paths;
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (writer != null) {
      writer.finish();
    }
    if (store != null) {
      store.close();
    }
    return stepExecution.getExitStatus();
  }

  @Override
  public void open(ExecutionContext executionContext) {
    if (!opened) {
      reader.open(executionContext);
      opened = true;
    }
  }

  @Override
  public CandidateUnit read() {
    return reader.read();
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
    opened = false;
  }

  @Override
  public void write(Chunk<? extends CandidateUnit> chunk) {
    writer.write(chunk);
  }
}
