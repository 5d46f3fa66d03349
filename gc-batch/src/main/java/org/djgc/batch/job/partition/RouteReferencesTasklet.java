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
 * cover its files, and publishes each where its partition reads it ({@link SliceExchange}). The
 * snapshot stays one snapshot: partitions read these files, never the pipeline's tables.
 */
final class RouteReferencesTasklet implements Tasklet {
  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final SliceExchange exchange;

  RouteReferencesTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      SliceExchange exchange) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.exchange = exchange;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    SlicePlan plan = SlicePlan.of(config, properties, job.getJobParameters());
    Path directory = workFiles.directory(job);
    ReferenceRouter.Routed routed = ReferenceRouter.split(directory.resolve(WorkFiles.REFERENCES), plan.slices(),
        i -> directory.resolve(SlicePlan.references(i)));
    for (int i = 0; i < plan.slices().size(); i++) {
      Path file = directory.resolve(SlicePlan.references(i));
      exchange.publishReferences(job, i, file);
      try {
        java.nio.file.Files.delete(file);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot remove " + file + " once published", e);
      }
    }
    chunkContext.getStepContext().getStepExecution().setReadCount(routed.references());
    contribution.incrementWriteCount(routed.routes());
    return RepeatStatus.FINISHED;
  }
}
