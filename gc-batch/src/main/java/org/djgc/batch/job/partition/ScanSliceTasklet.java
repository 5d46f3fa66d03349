package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.StoreFactory;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.layout.Section;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.orphan.SectionLister;
import org.djgc.core.partition.Slice;
import org.djgc.core.sort.RecordFile;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The partition step {@code scanSlice}, on a thread of the manager or in a remote worker: proves
 * the manager still holds the run's locks, fetches the slice's share of the references, lists the
 * slice, sorts it, has the job's {@link SliceJudge} diff it into the slice's output, and publishes
 * that output ({@link SliceExchange}). What it found goes into its own step execution context
 * ({@link #COUNTS}, {@link #SCAN_ERROR}), where {@code mergeSlices} reads it. A slice of a skipped
 * section lists nothing and counts zero.
 */
final class ScanSliceTasklet implements Tasklet {
  /** The slice's section counts, orphans included. */
  static final String COUNTS = "gc.sliceCounts";
  /** The slice's scan error, absent when its listing completed. */
  static final String SCAN_ERROR = "gc.sliceScanError";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final StoreFactory stores;
  private final CrashPoints crash;
  private final SliceJudge judge;
  private final SliceServices services;

  ScanSliceTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles, StoreFactory stores,
      CrashPoints crash, SliceJudge judge, SliceServices services) {
    this.services = services;
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.stores = stores;
    this.crash = crash;
    this.judge = judge;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    StepExecution step = chunkContext.getStepContext().getStepExecution();
    if (!SliceExchange.remote(step.getJobExecution().getJobParameters())) {
      return scan(contribution, chunkContext, workFiles.directory(step.getJobExecution()));
    }
    // a worker: the partition's own directory, gone when it ends (the run ends in another process)
    try {
      return scan(contribution, chunkContext, workFiles.partitionDirectory(step));
    } finally {
      workFiles.deletePartition(step);
    }
  }

  private RepeatStatus scan(StepContribution contribution, ChunkContext chunkContext, Path directory) {
    StepExecution step = chunkContext.getStepContext().getStepExecution();
    JobExecution job = step.getJobExecution();
    ExecutionContext context = step.getExecutionContext();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    int index = context.getInt(SlicePartitioner.SLICE);
    services.locks().checkHeldBy(SlicePartitioner.managerLocks(context), "partition " + step.getStepName()
        + " of execution " + job.getId());
    if (index >= plan.slices().size()) {
      throw new GcException(FailureCategory.CONFIGURATION, "Partition " + step.getStepName() + " of execution "
          + job.getId() + " names slice " + index + ", but this process cuts the run into " + plan.slices().size()
          + "; workers must run with the manager's DataJoint configuration, settings and build");
    }
    Slice slice = plan.slices().get(index);
    Section section = plan.sections().get(slice.section());
    Path references = directory.resolve(SlicePlan.references(index));
    services.exchange().fetchReferences(job, index, references);
    Path listing = directory.resolve(SlicePlan.listing(index));
    Path output = directory.resolve(SlicePlan.output(index));
    SectionCounts stored = SectionCounts.ZERO;
    String scanError = null;
    try (ObjectStore store = stores.open(plan.run().spec(), directory)) {
      Set<Integer> skipped = SliceFingerprint.skipped(plan, properties);
      String scanned = SliceFingerprint.of(plan, index, skipped, store.identity());
      String planned = context.getString(SlicePartitioner.SLICE_PLANNED);
      if (!scanned.equals(planned)) {
        throw new GcException(FailureCategory.CONFIGURATION, "Partition " + step.getStepName() + " of execution "
            + job.getId() + ": the manager planned " + planned + ", but this process would scan " + scanned
            + "; workers must run with the manager's DataJoint configuration, settings and build");
      }
      context.putString(SlicePartitioner.SLICE_SCANNED, scanned);
      if (skipped.contains(slice.section())) {
        try (var empty = RecordFile.writer(listing, org.djgc.core.orphan.ListedFile.CODEC)) {
          // nothing listed in a skipped section
        }
      } else {
        SectionLister.SliceResult result = new SectionLister(store, directory, properties.sortBufferRecords(), 1)
            .listSlice(slice, section, listing);
        stored = result.counts();
        scanError = result.scanError().orElse(null);
        crash.reached(chunkContext.getStepContext().getStepName().replaceFirst(":.*", "") + ".listed");
      }
    }
    List<SectionCounts> counts = new ArrayList<>(Collections.nCopies(plan.sections().size(), SectionCounts.ZERO));
    counts.set(slice.section(), stored);
    counts = judge.judge(job, references, listing, output, counts, context);
    services.exchange().publishOutput(job, index, output);
    deleteQuietly(references, listing, output);
    context.put(COUNTS, counts.get(slice.section()));
    if (scanError != null) {
      context.putString(SCAN_ERROR, scanError);
    }
    chunkContext.getStepContext().getStepExecution().setReadCount(stored.stored());
    contribution.incrementWriteCount(counts.get(slice.section()).orphaned());
    return RepeatStatus.FINISHED;
  }

  private static void deleteQuietly(Path... files) {
    for (Path file : files) {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        // the run's work directory goes at its end anyway
      }
    }
  }
}
