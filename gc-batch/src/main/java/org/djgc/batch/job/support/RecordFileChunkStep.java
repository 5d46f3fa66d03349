package org.djgc.batch.job.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordCodec;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Reader, writer and listener of a chunk step over a record file an earlier step of the run wrote:
 * bound to the execution when the step starts (the store is opened then and closed when it ends).
 * A run refused by a gate reads nothing, unless the step is one that never changes storage
 * destructively.
 */
public abstract class RecordFileChunkStep<T> implements ItemStreamReader<T>, ItemWriter<T>, StepExecutionListener {
  protected final RunContext run;
  private final RecordCodec<T> codec;
  private final String fileName;
  private final boolean readsWhenRefused;
  private Path file;
  private boolean refused;
  private CloseableIterator<T> items;
  private ObjectStore store;
  private StorageCalls calls;

  protected RecordFileChunkStep(RunContext run, RecordCodec<T> codec, String fileName, boolean readsWhenRefused) {
    this.run = run;
    this.codec = codec;
    this.fileName = fileName;
    this.readsWhenRefused = readsWhenRefused;
  }

  /** Prepares the writer for this execution. */
  protected abstract void bind(JobExecution job, RunSetup setup, ObjectStore store);

  /** The step's storage calls, bounded by {@code gc.storage-concurrency} (while the step runs). */
  protected final StorageCalls calls() {
    return calls;
  }

  /** Called when the step ends, before the store is closed. */
  protected void finish() {}

  @Override
  public final void beforeStep(StepExecution stepExecution) {
    JobExecution job = stepExecution.getJobExecution();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    file = directory.resolve(fileName);
    refused = job.getExecutionContext().containsKey(ContextKeys.REFUSAL);
    store = run.openStore(setup, directory);
    calls = new StorageCalls(run.properties().storageConcurrency(store), stepExecution.getStepName());
    bind(job, setup, store);
  }

  @Override
  public final ExitStatus afterStep(StepExecution stepExecution) {
    finish();
    if (calls != null) {
      calls.close();
      calls = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
    return stepExecution.getExitStatus();
  }

  @Override
  public final void open(ExecutionContext executionContext) {
    if (items == null && (readsWhenRefused || !refused) && Files.exists(file)) {
      items = RecordFile.read(file, codec);
    }
  }

  @Override
  public final T read() {
    return items != null && items.hasNext() ? items.next() : null;
  }

  @Override
  public final void close() {
    if (items != null) {
      items.close();
      items = null;
    }
  }
}
