package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.partition.SkippedSections;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.layout.Section;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.orphan.SectionLister;
import org.djgc.core.storage.ObjectStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code listSections}: lists the hash and schema section of every requested schema, whole (a
 * run with {@code partitions} > 1 lists slices in partition steps instead).
 */
public class ListSectionsTasklet implements Tasklet {
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
    List<Section> sections = run.layout().sections(run.schemas());
    SkippedSections skipped = SkippedSections.of(run, sections, properties.collectUserFileSections());
    Path directory = workFiles.directory(job);
    SectionLister.Result result;
    try (ObjectStore store = stores.open(run.spec(), directory)) {
      result = new SectionLister(store, directory, properties.sortBufferRecords(), properties.listingThreads())
          .listInto(sections, skipped.indices(), directory.resolve(WorkFiles.LISTING));
    }
    job.getExecutionContext().put(ContextKeys.SKIPPED_SECTIONS, new ArrayList<>(skipped.messages()));
    job.getExecutionContext().put(ContextKeys.SECTION_COUNTS, new ArrayList<>(result.counts()));
    job.getExecutionContext().put(ContextKeys.SCAN_ERRORS, new ArrayList<>(result.scanErrors()));
    chunkContext.getStepContext().getStepExecution()
        .setReadCount(result.counts().stream().mapToLong(SectionCounts::stored).sum());
    return RepeatStatus.FINISHED;
  }
}
