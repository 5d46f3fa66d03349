package org.djgc.batch.job.partition;

import java.nio.file.Path;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.partition.ReferenceRouter;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code routeReferences}: splits the one snapshot's sorted references into one file per
 * slice ({@link ReferenceRouter}), so each partition diffs against exactly the references that can
 * cover its files. The snapshot stays one snapshot: partitions read these files, never the database.
 */
final class RouteReferencesTasklet implements Tasklet {
  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;

  RouteReferencesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    Path directory = workFiles.directory(job);
    ReferenceRouter.Routed routed = ReferenceRouter.split(directory.resolve(WorkFiles.REFERENCES), plan.slices(),
        i -> directory.resolve(SlicePlan.references(i)));
    chunkContext.getStepContext().getStepExecution().setReadCount(routed.references());
    contribution.incrementWriteCount(routed.routes());
    return RepeatStatus.FINISHED;
  }
}
