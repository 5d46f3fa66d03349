package org.djgc.batch.job.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.orphan.SectionCounts;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code mergeSlices}: gathers what every partition of this execution found, as stored in the
 * job repository, into the job context a whole listing and diff would have left ({@code
 * gc.sectionCounts}, {@code gc.scanErrors}, {@code gc.skippedSections}) and the slices' orphans
 * into one orphan file. Every slice must have a completed partition, of this execution or, after a
 * restart that reused it, of the execution restarted; anything else fails the step, so no later step
 * acts on a partial scan.
 */
final class MergeSlicesTasklet implements Tasklet {
  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final JobRepository repository;
  private final String workerStep;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MergeSlicesTasklet.class);
  private final SliceJudge judge;
  private final SliceExchange exchange;
  private final org.djgc.batch.config.StoreFactory stores;

  MergeSlicesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles, JobRepository repository,
      String workerStep, SliceJudge judge, SliceExchange exchange, org.djgc.batch.config.StoreFactory stores) {
    this.exchange = exchange;
    this.stores = stores;
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.repository = repository;
    this.workerStep = workerStep;
    this.judge = judge;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    List<SectionCounts> counts = new ArrayList<>(Collections.nCopies(plan.sections().size(), SectionCounts.ZERO));
    List<String> scanErrors = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    List<ExecutionContext> partitions = new ArrayList<>();
    Path directory = workFiles.directory(job);
    int reused = 0;
    List<String> planned = SliceFingerprint.all(plan, properties, stores);
    java.util.Map<String, StepExecution> history = SliceHistory.latest(repository, job.getJobInstance(), workerStep);
    for (int i = 0; i < plan.slices().size(); i++) {
      StepExecution done = completed(job, history, planned.get(i), i);
      reused += done.getJobExecutionId() == job.getId() ? 0 : 1;
      ExecutionContext found = done.getExecutionContext();
      int section = plan.slices().get(i).section();
      counts.set(section, counts.get(section).plus((SectionCounts) found.get(ScanSliceTasklet.COUNTS)));
      if (found.containsKey(ScanSliceTasklet.SCAN_ERROR)) {
        scanErrors.add(found.getString(ScanSliceTasklet.SCAN_ERROR));
      }
      Path output = directory.resolve(SlicePlan.output(i));
      exchange.fetchOutput(job.getJobParameters(), done.getJobExecutionId(), i, output);
      outputs.add(output);
      partitions.add(found);
    }
    if (reused > 0) {
      LOG.info("Execution {} reuses {} of {} slice(s) scanned by the execution it restarts", job.getId(), reused,
          plan.slices().size());
    }
    judge.merge(job, outputs, partitions, directory.resolve(judge.merged()));
    ExecutionContext context = job.getExecutionContext();
    context.put(ContextKeys.SECTION_COUNTS, new ArrayList<>(counts));
    context.put(ContextKeys.SCAN_ERRORS, scanErrors);
    context.put(ContextKeys.SKIPPED_SECTIONS, new ArrayList<>(
        SkippedSections.of(plan.run(), plan.sections(), properties.collectUserFileSections()).messages()));
    chunkContext.getStepContext().getStepExecution().setReadCount(plan.slices().size());
    contribution.incrementWriteCount(counts.stream().mapToLong(SectionCounts::orphaned).sum());
    return RepeatStatus.FINISHED;
  }

  /**
   * Slice {@code i}'s partition that counts: the latest of its name in the job instance, completed,
   * and having scanned what this process's configuration plans for the slice now; anything else
   * refuses the merge.
   */
  private StepExecution completed(JobExecution job, java.util.Map<String, StepExecution> history, String planned,
      int i) {
    String name = workerStep + ":" + SlicePartitioner.name(i);
    StepExecution last = history.get(name);
    if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
      throw new IllegalStateException("Slice " + i + " (" + planned + ") has no completed partition in execution "
          + job.getId() + (last == null ? "" : " (" + name + " is " + last.getStatus() + ")")
          + ": refusing to merge a partial scan");
    }
    String scanned = last.getExecutionContext().getString(SlicePartitioner.SLICE_SCANNED, null);
    if (!planned.equals(scanned)) {
      throw new IllegalStateException("Partition " + name + " of execution " + last.getJobExecutionId() + " scanned "
          + scanned + ", but this run plans slice " + i + " as " + planned + " (the configuration changed?): refusing"
          + " to merge; start a new run");
    }
    return last;
  }
}
