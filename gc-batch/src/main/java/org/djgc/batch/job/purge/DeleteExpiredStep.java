package org.djgc.batch.job.purge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
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

/** Reader, writer and listener of the chunk step {@code purge.deleteExpired}; a refused run reads nothing. */
final class DeleteExpiredStep implements ItemStreamReader<LedgerRef>, ItemWriter<LedgerRef>, StepExecutionListener {
  private final RunContext run;
  private Path dueFile;
  private boolean refused;
  private CloseableIterator<LedgerRef> due;
  private ObjectStore store;
  private Purger purger;

  DeleteExpiredStep(RunContext run) {
    this.run = run;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    JobExecution job = stepExecution.getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    dueFile = directory.resolve(SelectExpiredTasklet.DUE);
    refused = job.getExecutionContext().containsKey(ContextKeys.REFUSAL);
    store = run.stores().open(setup.spec(), directory);
    purger = new Purger(run, store, new TrashLayout(setup.layout().trashPrefix()), job.getId(),
        job.getExecutionContext().getLong(SelectExpiredTasklet.DUE_COUNT, -1L));
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (purger != null) {
      purger.finish();
    }
    if (store != null) {
      store.close();
    }
    return stepExecution.getExitStatus();
  }

  @Override
  public void open(ExecutionContext executionContext) {
    if (due == null && !refused && Files.exists(dueFile)) {
      due = RecordFile.read(dueFile, LedgerRef.CODEC);
    }
  }

  @Override
  public LedgerRef read() {
    return due != null && due.hasNext() ? due.next() : null;
  }

  @Override
  public void close() {
    if (due != null) {
      due.close();
      due = null;
    }
  }

  @Override
  public void write(Chunk<? extends LedgerRef> chunk) {
    purger.write(chunk);
  }
}
