package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.ArrayList;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.orphan.SectionLister;
import org.djgc.core.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step {@code listSections}: lists the hash and schema section of every requested schema. */
public class ListSectionsTasklet implements Tasklet {
  private static final Logger LOG = LoggerFactory.getLogger(ListSectionsTasklet.class);

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final org.djgc.batch.config.StoreFactory stores;

  public ListSectionsTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      org.djgc.batch.config.StoreFactory stores) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.stores = stores;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    if (run.layout().schemaSectionAtRoot() && run.spec().filepathPrefix() == null) {
      LOG.warn("stores.{}.schema_prefix is empty and filepath_prefix is unset: user files under {{schema}}/ share"
          + " the schema section and will be reported as orphans", run.spec().name());
    }
    Path directory = workFiles.directory(job);
    SectionLister.Result result;
    try (ObjectStore store = stores.open(run.spec(), directory)) {
      result = new SectionLister(store, directory, properties.sortBufferRecords(), properties.listingThreads())
          .listInto(run.layout().sections(run.schemas()), directory.resolve(WorkFiles.LISTING));
    }
    job.getExecutionContext().put(ContextKeys.SECTION_COUNTS, new ArrayList<>(result.counts()));
    job.getExecutionContext().put(ContextKeys.SCAN_ERRORS, new ArrayList<>(result.scanErrors()));
    chunkContext.getStepContext().getStepExecution()
        .setReadCount(result.counts().stream().mapToLong(SectionCounts::stored).sum());
    return RepeatStatus.FINISHED;
  }
}
