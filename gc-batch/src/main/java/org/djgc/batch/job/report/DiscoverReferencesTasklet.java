package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.ArrayList;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.orphan.ReferenceCollector;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;
import org.djgc.core.reference.ReferenceScanException;
import org.djgc.core.reference.ScanSummary;
import org.djgc.core.reference.jdbc.JdbcReferenceScanner;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code discoverReferences}: reads every reference to the store in one snapshot into a
 * sorted, distinct file; records findings. A scan that cannot complete is itself a finding, so the
 * report still names it and the run fails closed.
 */
public class DiscoverReferencesTasklet implements Tasklet {
  private final DataJointConfig config;
  private final GcProperties properties;
  private final PipelineDatabase pipeline;
  private final CodecClassifier classifier;
  private final WorkFiles workFiles;

  public DiscoverReferencesTasklet(DataJointConfig config, GcProperties properties, PipelineDatabase pipeline,
      CodecClassifier classifier, WorkFiles workFiles) {
    this.config = config;
    this.properties = properties;
    this.pipeline = pipeline;
    this.classifier = classifier;
    this.workFiles = workFiles;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    Path directory = workFiles.directory(job);
    ExecutionContext context = job.getExecutionContext();
    try (ReferenceCollector collector = new ReferenceCollector(directory, properties.sortBufferRecords())) {
      ScanSummary summary = null;
      try {
        summary = new JdbcReferenceScanner(pipeline.dataSource(), classifier, properties.unknownStorePolicy()).scan(run.scope(), collector);
      } catch (ReferenceScanException e) {
        collector.finding(new Finding(FindingKind.READ_ERROR, pipeline.description(), null, e.getMessage()));
      }
      ReferenceCollector.ReferenceCounts counts = collector.writeDistinct(directory.resolve(WorkFiles.REFERENCES));
      try (RecordFile.Writer<Finding> out = RecordFile.writer(directory.resolve(WorkFiles.FINDINGS),
          FindingsFile.CODEC)) {
        collector.findings().forEach(out::write);
      }
      context.putLong(ContextKeys.HASH_REFERENCED, counts.hashPaths());
      context.putLong(ContextKeys.SCHEMA_REFERENCED, counts.schemaPaths());
      context.putLong(ContextKeys.FINDINGS, collector.findingCount());
      context.putLong(ContextKeys.ROWS_READ, summary == null ? 0 : summary.rowsRead());
      context.putLong(ContextKeys.UNKNOWN_STORE_REFERENCES, summary == null ? 0 : summary.referencesUnknownStores());
      context.put(ContextKeys.SCHEMAS_READ,
          new ArrayList<>(summary == null ? run.schemas() : summary.schemasRead()));
      if (summary != null) {
        contribution.incrementWriteCount(summary.referencesKept());
      }
    }
    return RepeatStatus.FINISHED;
  }
}
