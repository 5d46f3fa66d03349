package org.djgc.batch.job.support;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.batch.GcBatchApplication.Console;
import org.djgc.batch.cli.OutputFormat;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code <job>.writeReport} of the destructive jobs: the run's counters (spec §7.7), why it
 * refused if it did, findings and scan errors, and every per-object error; text or JSON. The
 * counters are also kept in the job execution context, the audit trail.
 */
public class OutcomeReportTasklet implements Tasklet {
  private final String jobName;
  private final RunContext run;
  private final Console console;

  public OutcomeReportTasklet(String jobName, RunContext run, Console console) {
    this.jobName = jobName;
    this.run = run;
    this.console = console;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
    ExecutionContext context = job.getExecutionContext();
    Map<String, Long> counters = run.counters().snapshot();
    context.put(ContextKeys.COUNTERS, new LinkedHashMap<>(counters));
    List<String> errors = run.counters().errors();
    context.put(ContextKeys.ERRORS, new ArrayList<>(errors.subList(0, Math.min(errors.size(), 20))));
    String refusal = context.getString(ContextKeys.REFUSAL, null);
    List<String> scanErrors = (List<String>) context.get(ContextKeys.SCAN_ERRORS);
    long findings = context.getLong(ContextKeys.FINDINGS, 0L);
    String status = refusal != null || findings > 0 || (scanErrors != null && !scanErrors.isEmpty()) ? "refused"
        : run.counters().errorCount() > 0 ? "errors" : "ok";
    String format = job.getJobParameters().getString(JobParameterNames.FORMAT, OutputFormat.TEXT.name());
    if (OutputFormat.valueOf(format) == OutputFormat.JSON) {
      json(job, status, refusal, findings, scanErrors, counters, errors);
    } else {
      text(job, status, refusal, findings, scanErrors, counters, errors);
    }
    return RepeatStatus.FINISHED;
  }

  private void text(JobExecution job, String status, String refusal, long findings, List<String> scanErrors,
      Map<String, Long> counters, List<String> errors) {
    PrintStream out = console.out();
    out.printf("dj-gc %s: store %s, schemas %s, execution %d%n", jobName,
        job.getJobParameters().getString(JobParameterNames.STORE),
        job.getJobParameters().getString(JobParameterNames.SCHEMAS, ""), job.getId());
    counters.forEach((name, value) -> {
      if (value != 0) {
        out.printf("  %-22s %d%n", name, value);
      }
    });
    out.printf("  %-22s %d%n", "findings", findings);
    out.printf("  %-22s %d%n", "scan_errors", scanErrors == null ? 0 : scanErrors.size());
    if (scanErrors != null) {
      scanErrors.forEach(e -> out.println("    " + e));
    }
    errors.forEach(e -> out.println("  error: " + e));
    out.println("RESULT: " + status.toUpperCase(java.util.Locale.ROOT) + (refusal == null ? "" : ": " + refusal));
    out.flush();
  }

  private void json(JobExecution job, String status, String refusal, long findings, List<String> scanErrors,
      Map<String, Long> counters, List<String> errors) throws IOException {
    try (JsonGenerator json = JsonDocuments.open(console.out())) {
      JsonDocuments.begin(json, jobName);
      json.writeNumberField("execution_id", job.getId());
      json.writeStringField("status", status);
      json.writeStringField("refusal", refusal);
      json.writeStringField("store", job.getJobParameters().getString(JobParameterNames.STORE));
      JsonDocuments.stringArray(json, "schemas", RunSetup.schemasOf(job.getJobParameters()));
      json.writeObjectFieldStart("counters");
      for (Map.Entry<String, Long> counter : counters.entrySet()) {
        json.writeNumberField(counter.getKey(), counter.getValue());
      }
      json.writeEndObject();
      json.writeNumberField("findings_total", findings);
      JsonDocuments.stringArray(json, "scan_errors", scanErrors == null ? List.of() : scanErrors);
      json.writeNumberField("errors_total", run.counters().errorCount());
      JsonDocuments.stringArray(json, "errors", errors);
      json.writeEndObject();
    }
    console.out().println();
    console.out().flush();
  }
}
