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
 * into one orphan file. Every slice must have exactly one completed partition in this execution;
 * anything else fails the step, so no later step acts on a partial scan.
 */
final class MergeSlicesTasklet implements Tasklet {
  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final JobRepository repository;
  private final String workerStep;
  private final SliceJudge judge;

  MergeSlicesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles, JobRepository repository,
      String workerStep, SliceJudge judge) {
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
    StepExecution[] done = new StepExecution[plan.slices().size()];
    JobExecution stored = repository.getJobExecution(job.getId());
    for (StepExecution step : stored.getStepExecutions()) {
      if (!step.getStepName().startsWith(workerStep + ":")) {
        continue;
      }
      int slice = step.getExecutionContext().getInt(SlicePartitioner.SLICE);
      if (step.getStatus() != BatchStatus.COMPLETED || done[slice] != null) {
        throw new IllegalStateException("Partition " + step.getStepName() + " of execution " + job.getId() + " is "
            + step.getStatus() + (done[slice] != null ? " and not the only one for its slice" : "")
            + ": refusing to merge a partial scan");
      }
      done[slice] = step;
    }
    List<SectionCounts> counts = new ArrayList<>(Collections.nCopies(plan.sections().size(), SectionCounts.ZERO));
    List<String> scanErrors = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    List<ExecutionContext> partitions = new ArrayList<>();
    Path directory = workFiles.directory(job);
    for (int i = 0; i < done.length; i++) {
      if (done[i] == null) {
        throw new IllegalStateException("Slice " + i + " (" + plan.slices().get(i).directory() + " "
            + plan.slices().get(i).range().describe() + ") has no completed partition in execution " + job.getId()
            + ": refusing to merge a partial scan");
      }
      ExecutionContext found = done[i].getExecutionContext();
      int section = plan.slices().get(i).section();
      counts.set(section, counts.get(section).plus((SectionCounts) found.get(ScanSliceTasklet.COUNTS)));
      if (found.containsKey(ScanSliceTasklet.SCAN_ERROR)) {
        scanErrors.add(found.getString(ScanSliceTasklet.SCAN_ERROR));
      }
      outputs.add(directory.resolve(SlicePlan.output(i)));
      partitions.add(found);
    }
    judge.merge(job, outputs, partitions, directory.resolve(judge.merged()));
    ExecutionContext context = job.getExecutionContext();
    context.put(ContextKeys.SECTION_COUNTS, new ArrayList<>(counts));
    context.put(ContextKeys.SCAN_ERRORS, scanErrors);
    context.put(ContextKeys.SKIPPED_SECTIONS, new ArrayList<>(
        SkippedSections.of(plan.run(), plan.sections(), properties.collectUserFileSections()).messages()));
    chunkContext.getStepContext().getStepExecution().setReadCount(done.length);
    contribution.incrementWriteCount(counts.stream().mapToLong(SectionCounts::orphaned).sum());
    return RepeatStatus.FINISHED;
  }
}
