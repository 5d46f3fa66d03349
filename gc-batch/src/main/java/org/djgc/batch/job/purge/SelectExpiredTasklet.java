package org.djgc.batch.job.purge;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djgc.batch.job.support.Counter;
import org.djgc.batch.job.support.ContextKeys;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.LedgerCoverage;
import org.djgc.batch.job.support.LedgerRef;
import org.djgc.batch.job.support.Micros;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.batch.job.support.WorkFiles;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.sort.RecordFile;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code purge.selectExpired}: the rows whose grace has passed ({@code quarantined_at + grace
 * <= T_P}) and that no reference of this run's snapshot covers, plus interrupted {@code PURGING}
 * rows; then the gates: findings (G1), zero references while rows are due (G3), more than
 * {@code gc.max-candidates} (G4). Rows inside grace are never selected.
 */
class SelectExpiredTasklet implements Tasklet {
  static final String DUE = "due.bin";
  static final String DUE_COUNT = "gc.dueCount";

  private final RunContext run;

  SelectExpiredTasklet(RunContext run) {
    this.run = run;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    ExecutionContext context = job.getExecutionContext();
    JobParameters parameters = job.getJobParameters();
    RunSetup setup = run.setup(job);
    Path directory = run.workFiles().directory(job);
    org.djgc.core.storage.StoreIdentity store = run.identity(setup, directory);
    Instant deadline = Micros.toInstant(context.getLong(ContextKeys.T0_MICROS))
        .minusSeconds(parameters.getLong(JobParameterNames.GRACE_SECONDS));
    long onlyExecution = Optional.ofNullable(parameters.getLong(JobParameterNames.ONLY_EXECUTION)).orElse(0L);
    Set<String> schemas = new HashSet<>(setup.schemas());
    QuarantineLedger ledger = run.ledger();
    long[] due = {0};
    try (RecordFile.Writer<LedgerRef> out = RecordFile.writer(directory.resolve(DUE), LedgerRef.CODEC)) {
      LedgerCoverage.RowSource expired = (after, limit) -> ledger.dueForPurge(store, deadline, after, limit);
      LedgerCoverage.RowSource interrupted = (after, limit) -> ledger.page(store, EnumSet.of(QuarantineState.PURGING),
          after, limit);
      java.util.function.Predicate<QuarantineEntry> selected = e -> (schemas.isEmpty() || schemas.contains(e.schema()))
          && (onlyExecution == 0 || e.quarantineExecutionId() == onlyExecution) && !userFiles(setup, e);
      for (LedgerCoverage.RowSource source : List.of(expired, interrupted)) {
        LedgerCoverage.partition(source, selected, directory.resolve(WorkFiles.REFERENCES), directory,
            run.properties().sortBufferRecords(), (ref, covered) -> {
              if (!covered) {
                out.write(ref);
                due[0]++;
              }
            });
      }
    }
    long quarantined = ledger.summarize(store).stream().filter(s -> s.state() == QuarantineState.QUARANTINED)
        .mapToLong(QuarantineLedger.LedgerSummary::count).sum();
    run.counters().add(Counter.IN_GRACE, Math.max(0, quarantined - due[0]));
    context.putLong(DUE_COUNT, due[0]);
    // judged afresh: a restarted execution inherits the killed run's context, refusal included
    context.remove(ContextKeys.REFUSAL);
    refusal(context, due[0], Boolean.parseBoolean(parameters.getString(JobParameterNames.FORCE, "false")))
        .ifPresent(reason -> context.putString(ContextKeys.REFUSAL, reason));
    return RepeatStatus.FINISHED;
  }

  /**
   * A row from a section that can also hold user files (quarantined before such sections were
   * skipped, or with the opt-in since withdrawn) is kept in the trash, restorable, until the
   * operator opts in again with {@code gc.collect-user-file-sections=true}.
   */
  private boolean userFiles(RunSetup setup, QuarantineEntry entry) {
    if (run.properties().collectUserFileSections()) {
      return false;
    }
    org.djgc.core.layout.Section section = entry.section() == org.djgc.core.layout.SectionKind.HASH
        ? setup.layout().hashSection(entry.schema()) : setup.layout().schemaSection(entry.schema());
    return setup.layout().userFilesReason(section).isPresent();
  }

  private Optional<String> refusal(ExecutionContext context, long due, boolean force) {
    long findings = context.getLong(ContextKeys.FINDINGS, 0L);
    if (findings > 0) {
      return Optional.of(findings + " reference finding(s): nothing was deleted");
    }
    long references = context.getLong(ContextKeys.HASH_REFERENCED) + context.getLong(ContextKeys.SCHEMA_REFERENCED);
    if (!force && references == 0 && due > 0) {
      return Optional.of("zero references found while " + due + " quarantined file(s) are due: refusing to purge"
          + " (use --force if that is really meant)");
    }
    long max = run.properties().maxCandidates();
    if (!force && max > 0 && due > max) {
      return Optional.of(due + " files due, above gc.max-candidates=" + max + " (use --force to proceed)");
    }
    return Optional.empty();
  }
}
