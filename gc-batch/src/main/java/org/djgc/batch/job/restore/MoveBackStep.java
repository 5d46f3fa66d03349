package org.djgc.batch.job.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.Restorer;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
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
 * Chunk step {@code restore.moveBack}: each selected row goes back to its original path, never
 * overwriting (identical hash content drops the trash copy; anything else is a {@code CONFLICT}).
 */
final class MoveBackStep implements ItemStreamReader<LedgerRef>, ItemWriter<LedgerRef>, StepExecutionListener {
  private final RunContext run;
  private Path file;
  private CloseableIterator<LedgerRef> selected;
  private ObjectStore store;
  private Restorer restorer;

  MoveBackStep(RunContext run) {
    this.run = run;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    JobExecution job = stepExecution.getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    file = directory.resolve(SelectEntriesTasklet.SELECTED);
    store = run.stores().open(setup.spec(), directory);
    restorer = new Restorer(store, run.ledger(), new TrashLayout(setup.layout().trashPrefix()), run.clock(),
        run.counters(), job.getId());
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (store != null) {
      store.close();
    }
    return stepExecution.getExitStatus();
  }

  @Override
  public void open(ExecutionContext executionContext) {
    if (selected == null && Files.exists(file)) {
      selected = RecordFile.read(file, LedgerRef.CODEC);
    }
  }

  @Override
  public LedgerRef read() {
    return selected != null && selected.hasNext() ? selected.next() : null;
  }

  @Override
  public void close() {
    if (selected != null) {
      selected.close();
      selected = null;
    }
  }

  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    run.locks().checkStoreLock();
    for (LedgerRef ref : chunk) {
      QuarantineEntry entry = run.ledger().findById(ref.id());
      if (entry != null && (entry.state() == QuarantineState.QUARANTINED || entry.state() == QuarantineState.CONFLICT
          || entry.state() == QuarantineState.RESTORING)) {
        restorer.restore(entry, RestoreReason.OPERATOR);
        run.crash().reached("restore.afterRestore");
      }
    }
  }
}
