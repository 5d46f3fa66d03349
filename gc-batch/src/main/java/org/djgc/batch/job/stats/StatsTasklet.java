package org.djgc.batch.job.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.cli.OutputFormat;
import org.djgc.batch.job.support.JobParameterNames;
import org.djgc.batch.job.support.RunContext;
import org.djgc.batch.job.support.RunSetup;
import org.djgc.core.quarantine.QuarantineLedger.LedgerSummary;
import org.djgc.core.quarantine.QuarantineState;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code stats} job's one step: from the ledger alone (no listing, no lock), counts and bytes
 * per state and per schema/section, the oldest quarantined entry, how many are due for purge now,
 * and when the next one becomes due.
 */
class StatsTasklet implements Tasklet {
  private final RunContext run;
  private final Console console;

  StatsTasklet(RunContext run, Console console) {
    this.run = run;
    this.console = console;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    RunSetup setup = run.setup(job);
    Set<String> schemas = new HashSet<>(setup.schemas());
    org.djgc.core.storage.StoreIdentity store = run.identity(setup, run.workFiles().directory(job));
    List<LedgerSummary> rows = run.ledger().summarize(store).stream()
        .filter(r -> schemas.isEmpty() || schemas.contains(r.schema())).toList();
    Map<QuarantineState, long[]> byState = new EnumMap<>(QuarantineState.class);
    Instant oldest = null;
    for (LedgerSummary row : rows) {
      long[] totals = byState.computeIfAbsent(row.state(), s -> new long[2]);
      totals[0] += row.count();
      totals[1] += row.bytes();
      if (row.state() == QuarantineState.QUARANTINED && row.oldestQuarantinedAt() != null
          && (oldest == null || row.oldestQuarantinedAt().isBefore(oldest))) {
        oldest = row.oldestQuarantinedAt();
      }
    }
    for (QuarantineState state : QuarantineState.values()) {
      long[] totals = byState.getOrDefault(state, new long[2]);
      org.djgc.batch.metrics.StatsTotals.put(job.getExecutionContext(), state.name(), totals[0], totals[1]);
    }
    Instant now = run.clock().now();
    long grace = run.properties().graceSeconds();
    long dueNow = run.ledger().countQuarantinedBefore(store, now.minusSeconds(grace));
    Instant nextDue = oldest == null ? null : oldest.plusSeconds(grace);
    String format = job.getJobParameters().getString(JobParameterNames.FORMAT, OutputFormat.TEXT.name());
    boolean recorded = JobParameterNames.recorded(job.getJobParameters());
    if (OutputFormat.valueOf(format) == OutputFormat.JSON) {
      json(job.getId(), recorded, setup, rows, byState, oldest, dueNow, nextDue, grace);
    } else {
      text(recorded, setup, rows, byState, oldest, dueNow, nextDue, grace);
    }
    return RepeatStatus.FINISHED;
  }

  private void text(boolean recorded, RunSetup setup, List<LedgerSummary> rows, Map<QuarantineState, long[]> byState,
      Instant oldest, long dueNow, Instant nextDue, long grace) {
    PrintStream out = console.out();
    out.printf("dj-gc stats: store %s (grace %d s)%s%n", setup.spec().name(), grace, recorded ? "" : " (not recorded)");
    byState.forEach((state, t) -> out.printf("  %-12s %10d files %14d bytes%n", state, t[0], t[1]));
    out.printf("  oldest quarantined: %s%n", oldest == null ? "none" : oldest);
    out.printf("  due for purge now:  %d%n", dueNow);
    out.printf("  next due at:        %s%n", nextDue == null ? "none" : nextDue);
    out.printf("%n  %-24s %-7s %-12s %10s %14s%n", "schema", "section", "state", "files", "bytes");
    rows.forEach(r -> out.printf("  %-24s %-7s %-12s %10d %14d%n", r.schema(), r.section(), r.state(), r.count(),
        r.bytes()));
    out.flush();
  }

  private void json(long executionId, boolean recorded, RunSetup setup, List<LedgerSummary> rows,
      Map<QuarantineState, long[]> byState, Instant oldest, long dueNow, Instant nextDue, long grace)
      throws IOException {
    try (JsonGenerator json = org.djgc.batch.job.support.JsonDocuments.open(console.out())) {
      org.djgc.batch.job.support.JsonDocuments.begin(json, "stats");
      org.djgc.batch.job.support.JsonDocuments.execution(json, executionId, recorded);
      json.writeStringField("store", setup.spec().name());
      json.writeNumberField("grace_seconds", grace);
      json.writeObjectFieldStart("states");
      for (Map.Entry<QuarantineState, long[]> state : byState.entrySet()) {
        json.writeObjectFieldStart(state.getKey().name().toLowerCase(java.util.Locale.ROOT));
        json.writeNumberField("count", state.getValue()[0]);
        json.writeNumberField("bytes", state.getValue()[1]);
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeStringField("oldest_quarantined_at", oldest == null ? null : oldest.toString());
      json.writeNumberField("due_now", dueNow);
      json.writeStringField("next_due_at", nextDue == null ? null : nextDue.toString());
      json.writeArrayFieldStart("groups");
      for (LedgerSummary row : rows) {
        json.writeStartObject();
        json.writeStringField("schema", row.schema());
        json.writeStringField("section", row.section().name().toLowerCase(java.util.Locale.ROOT));
        json.writeStringField("state", row.state().name().toLowerCase(java.util.Locale.ROOT));
        json.writeNumberField("count", row.count());
        json.writeNumberField("bytes", row.bytes());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    console.out().println();
    console.out().flush();
  }
}
