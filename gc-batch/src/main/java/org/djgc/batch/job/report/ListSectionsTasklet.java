package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.layout.Section;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.orphan.SectionLister;
import org.djgc.core.partition.PartitionPlan;
import org.djgc.core.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code listSections}: lists the hash and schema section of every requested schema, each cut
 * into the key ranges the {@code partitions} job parameter asks for.
 */
public class ListSectionsTasklet implements Tasklet {
  private static final Logger LOG = LoggerFactory.getLogger(ListSectionsTasklet.class);

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final org.djgc.batch.config.StoreFactory stores;
  private final CrashPoints crash;

  public ListSectionsTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles,
      org.djgc.batch.config.StoreFactory stores, CrashPoints crash) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.stores = stores;
    this.crash = crash;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    List<Section> sections = run.layout().sections(run.schemas());
    Set<Integer> skip = new HashSet<>();
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      Optional<String> reason = run.layout().userFilesReason(sections.get(i));
      if (reason.isEmpty()) {
        continue;
      }
      if (properties.collectUserFileSections()) {
        LOG.warn("Collecting {}/ although {} (gc.collect-user-file-sections=true): unreferenced user files there"
            + " are treated as orphans", sections.get(i).directory(), reason.get());
      } else {
        skip.add(i);
        skipped.add(sections.get(i).directory() + "/: " + reason.get() + "; set gc.collect-user-file-sections=true"
            + " to collect it");
        LOG.warn("Skipping {}/: {}; nothing there is listed or collected (set gc.collect-user-file-sections=true"
            + " to collect it)", sections.get(i).directory(), reason.get());
      }
    }
    Path directory = workFiles.directory(job);
    SectionLister.Result result;
    try (ObjectStore store = stores.open(run.spec(), directory)) {
      Long partitions = job.getJobParameters().getLong(JobParameterNames.PARTITIONS);
      int ranges = PartitionPlan.rangesPerSection(partitions == null ? 1 : partitions.intValue(), sections.size());
      String point = chunkContext.getStepContext().getStepName() + ".rangeListed";
      result = new SectionLister(store, directory, properties.sortBufferRecords(), properties.listingThreads(), ranges)
          .onRangeListed((section, range) -> crash.reached(point))
          .listInto(sections, skip, directory.resolve(WorkFiles.LISTING));
    }
    job.getExecutionContext().put(ContextKeys.SKIPPED_SECTIONS, new ArrayList<>(skipped));
    job.getExecutionContext().put(ContextKeys.SECTION_COUNTS, new ArrayList<>(result.counts()));
    job.getExecutionContext().put(ContextKeys.SCAN_ERRORS, new ArrayList<>(result.scanErrors()));
    chunkContext.getStepContext().getStepExecution()
        .setReadCount(result.counts().stream().mapToLong(SectionCounts::stored).sum());
    return RepeatStatus.FINISHED;
  }
}
