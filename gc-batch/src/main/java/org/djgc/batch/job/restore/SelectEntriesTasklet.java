package org.djgc.batch.job.restore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.djgc.batch.cli.RestoreFilter;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.LedgerPages;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code restore.selectEntries}: the rows an operator can restore ({@link MoveBackStep#SELECTABLE})
 * that match every given filter (path or unit path, glob, schema, quarantining execution, time
 * range).
 */
class SelectEntriesTasklet implements Tasklet {
  static final String SELECTED = "selected.bin";
  /** Job context key: how many rows were selected, for the progress lines of {@code moveBack}. */
  static final String SELECTED_COUNT = "gc.restoreSelected";

  private final RunContext run;

  SelectEntriesTasklet(RunContext run) {
    this.run = run;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup setup = run.setup(job);
    Predicate<QuarantineEntry> filter = filter(job.getJobParameters(), setup.schemas());
    Path directory = run.workFiles().directory(job);
    Path file = directory.resolve(SELECTED);
    org.djgc.core.storage.StoreIdentity store = run.identity(setup, directory);
    try (RecordFile.Writer<LedgerRef> out = RecordFile.writer(file, LedgerRef.CODEC)) {
      LedgerPages.forEach(run.ledger(), store, MoveBackStep.SELECTABLE, entry -> {
            if (filter.test(entry)) {
              out.write(new LedgerRef(entry.id(), entry.originalPath()));
            }
          });
      chunkContext.getStepContext().getStepExecution().setWriteCount(out.count());
      job.getExecutionContext().putLong(SELECTED_COUNT, out.count());
    }
    return RepeatStatus.FINISHED;
  }

  static Predicate<QuarantineEntry> filter(JobParameters parameters, List<String> schemas) {
    Set<String> schemaSet = new HashSet<>(schemas);
    String path = parameters.getString(JobParameterNames.PATH);
    String glob = parameters.getString(JobParameterNames.GLOB);
    Pattern globPattern = glob == null ? null : RestoreFilter.globPattern(glob);
    Long run = parameters.getLong(JobParameterNames.QUARANTINE_RUN);
    String since = parameters.getString(JobParameterNames.SINCE);
    String until = parameters.getString(JobParameterNames.UNTIL);
    Instant sinceInstant = since == null ? null : Instant.parse(since);
    Instant untilInstant = until == null ? null : Instant.parse(until);
    return entry -> (schemaSet.isEmpty() || schemaSet.contains(entry.schema()))
        && (path == null || path.equals(entry.originalPath()) || path.equals(entry.unitPath()))
        && (globPattern == null || globPattern.matcher(entry.originalPath()).matches())
        && (run == null || run == entry.quarantineExecutionId())
        && (sinceInstant == null || (entry.quarantinedAt() != null && !entry.quarantinedAt().isBefore(sinceInstant)))
        && (untilInstant == null || (entry.quarantinedAt() != null && entry.quarantinedAt().isBefore(untilInstant)));
  }
}
