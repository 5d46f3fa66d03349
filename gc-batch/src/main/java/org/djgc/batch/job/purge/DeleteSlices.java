package org.djgc.batch.job.purge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.job.partition.ActionInputs;
import org.djgc.batch.job.partition.ActionScope;
import org.djgc.batch.job.partition.SliceAction;
import org.djgc.batch.job.partition.SlicePlan;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.StorageCalls;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.quarantine.TrashLayout;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The deletes of a partitioned purge ({@code deleteSlices}, spec §4.6d): the manager cuts this
 * run's due rows ({@code due.bin}, in the order selection wrote them, by original path) into up to
 * {@code partitions} runs of consecutive rows, so each partition's trash directories are mostly its
 * own, and publishes each;
 * partition {@code i} deletes its rows with a {@link Purger} of its own that proves the manager's
 * locks before each chunk. Every row stays claimed by the manager's execution. A refused run, or
 * one with nothing due, makes no partition.
 */
final class DeleteSlices implements SliceAction {
  private final RunContext run;

  DeleteSlices(RunContext run) {
    this.run = run;
  }

  /** The run file holding partition {@code i}'s due rows. */
  static String part(int i) {
    return String.format("run-due-%05d.bin", i);
  }

  @Override
  public List<Input> inputs(JobExecution job, ActionInputs inputs) {
    long due = job.getExecutionContext().getLong(SelectExpiredTasklet.DUE_COUNT, 0L);
    if (job.getExecutionContext().containsKey(ContextKeys.REFUSAL) || due == 0) {
      return List.of();
    }
    int partitions = (int) Math.min(SlicePlan.partitions(job.getJobParameters()), due);
    long perPartition = (due + partitions - 1) / partitions;
    Path directory = run.workFiles().directory(job);
    List<Input> parts = new ArrayList<>();
    try (CloseableIterator<LedgerRef> rows = RecordFile.read(directory.resolve(SelectExpiredTasklet.DUE),
        LedgerRef.CODEC)) {
      while (rows.hasNext()) {
        Path file = directory.resolve(part(parts.size()));
        try (RecordFile.Writer<LedgerRef> out = RecordFile.writer(file, LedgerRef.CODEC)) {
          for (long n = 0; n < perPartition && rows.hasNext(); n++) {
            out.write(rows.next());
          }
        }
        parts.add(inputs.publish(job, part(parts.size()), file));
        WorkFiles.deleteTree(file);
      }
    }
    return parts;
  }

  /** Cut by count from a fresh selection: a restart deletes what is due then, in new partitions. */
  @Override
  public boolean stablePartitions() {
    return false;
  }

  @Override
  public void act(StepExecution partition, Path input, Path directory, ActionScope scope) {
    JobExecution job = partition.getJobExecution();
    RunSetup setup = run.setup(job);
    try (ObjectStore store = run.openStore(setup, directory);
        StorageCalls calls = new StorageCalls(run.properties().storageConcurrency(store), partition.getStepName())) {
      scope.checkStore(store.identity());
      Purger purger = new Purger(run, store, new TrashLayout(setup.layout().trashPrefix()), job.getId(), -1, calls,
          scope.counters(), scope.proveLocks());
      scope.writeAll(input, LedgerRef.CODEC, run.properties().chunkSize(), purger, partition);
      purger.finish();
    }
  }
}
