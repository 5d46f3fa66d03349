package org.djgc.batch.job.report;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.cli.OutputFormat;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.config.DataJointConfig;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.SectionCounts;
import org.djgc.core.sort.ExternalSorter;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step {@code writeReport}: sorts the orphans by path and prints the report. */
class WriteReportTasklet implements Tasklet {
  private static final String SORTED_ORPHANS = "orphans-sorted.bin";

  private final DataJointConfig config;
  private final GcProperties properties;
  private final WorkFiles workFiles;
  private final Console console;

  WriteReportTasklet(DataJointConfig config, GcProperties properties, WorkFiles workFiles, Console console) {
    this.config = config;
    this.properties = properties;
    this.workFiles = workFiles;
    this.console = console;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup run = RunSetup.fromParameters(config, properties, job.getJobParameters());
    Path directory = workFiles.directory(job);
    Path sorted = directory.resolve(SORTED_ORPHANS);
    try (ExternalSorter<ListedFile> sorter = new ExternalSorter<>(Comparator.comparing(ListedFile::path),
        ListedFile.CODEC, properties.sortBufferRecords(), directory);
        var orphans = org.djgc.core.sort.RecordFile.read(directory.resolve(WorkFiles.ORPHANS), ListedFile.CODEC)) {
      orphans.forEachRemaining(sorter::add);
      sorter.writeSorted(sorted);
    }
    ExecutionContext context = job.getExecutionContext();
    ReportModel report = new ReportModel(job.getId(), run.spec().name(), run.spec().describe(), run.schemas(),
        (List<String>) context.get(ContextKeys.SCHEMAS_READ), run.layout().sections(run.schemas()),
        (List<SectionCounts>) context.get(ContextKeys.SECTION_COUNTS), context.getLong(ContextKeys.HASH_REFERENCED),
        context.getLong(ContextKeys.SCHEMA_REFERENCED), (List<String>) context.get(ContextKeys.SCAN_ERRORS),
        context.getLong(ContextKeys.FINDINGS), directory.resolve(WorkFiles.FINDINGS), sorted,
        (List<String>) context.get(ContextKeys.SKIPPED_SECTIONS, List.class, List.of()),
        context.getLong(ContextKeys.UNKNOWN_STORE_REFERENCES, 0L),
        JobParameterNames.recorded(job.getJobParameters()));
    OutputFormat format = OutputFormat.valueOf(job.getJobParameters().getString(JobParameterNames.FORMAT));
    int tokenLength = run.spec().tokenLength();
    if (format == OutputFormat.CSV) {
      CsvReport.write(report, tokenLength, console.out());
      return RepeatStatus.FINISHED;
    }
    GcProperties.Report settings = properties.report();
    OrphanSummary summary = OrphanSummary.of(report, settings.top(), tokenLength, settings.pricePerGbMonth());
    if (format == OutputFormat.JSON) {
      JsonReport.write(report, summary, console.out());
    } else {
      TextReport.write(report, summary,
          Boolean.parseBoolean(job.getJobParameters().getString(JobParameterNames.LIST, "false")), console.out());
    }
    return RepeatStatus.FINISHED;
  }
}
