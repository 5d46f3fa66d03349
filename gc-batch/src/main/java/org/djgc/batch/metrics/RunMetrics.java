package org.djgc.batch.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.ExecutionsSql;
import org.djgc.batch.job.support.RunCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The run's metrics in Prometheus' text format, every family a gauge with HELP (a file holds one
 * run): objects and bytes per outcome, step durations, errors, the exit code, the time and id of
 * the run, when the job last succeeded on the store, and for {@code stats} the ledger per state.
 * Labels {@code gc_job} and {@code store} ({@code job} is Prometheus' own scrape label). Written
 * atomically to a file for node_exporter's textfile collector ({@code --metrics-file}, usual for
 * cron jobs) and, when {@code gc.metrics.pushgateway-url} is set, pushed to a Pushgateway.
 */
@Component
public class RunMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  private final RunCounters counters;
  private final String pushgateway;
  private final org.springframework.jdbc.core.JdbcTemplate metadata;

  public RunMetrics(RunCounters counters, @Value("${gc.metrics.pushgateway-url:}") String pushgateway,
      javax.sql.DataSource metadata) {
    this.counters = counters;
    this.pushgateway = pushgateway;
    this.metadata = new org.springframework.jdbc.core.JdbcTemplate(metadata);
  }

  /** Publishes the metrics of a finished execution. Never fails the run: problems are logged. */
  public void publish(JobExecution execution, ExitCode exitCode, java.util.Optional<Path> file) {
    if (file.isEmpty() && pushgateway.isBlank()) {
      return;
    }
    String text = render(execution, exitCode);
    file.ifPresent(path -> write(path, text));
    if (!pushgateway.isBlank()) {
      push(execution, text);
    }
  }

  String render(JobExecution execution, ExitCode exitCode) {
    String job = execution.getJobInstance().getJobName();
    String store = String.valueOf(execution.getJobParameters().getString("store"));
    Map<String, String> run = labels("gc_job", job, "store", store);
    Exposition text = new Exposition();
    Map<String, Long> snapshot = counters.snapshot();
    text.gauge("djgc_run_objects", "Files per outcome of the run: its counters that count files (spec 7.8).");
    snapshot.forEach((name, value) -> {
      if (!isBytes(name)) {
        text.sample("djgc_run_objects", with(run, "outcome", name), value);
      }
    });
    text.gauge("djgc_run_bytes", "Bytes per outcome of the run (candidates, quarantined, purged).");
    snapshot.forEach((name, value) -> {
      if (isBytes(name)) {
        text.sample("djgc_run_bytes", with(run, "outcome", bytesOutcome(name)), value);
      }
    });
    text.gauge("djgc_run_errors", "Per-object errors of the run (failed moves, deletes, restores).");
    text.sample("djgc_run_errors", run, counters.errorCount());
    text.gauge("djgc_run_step_duration_seconds", "Duration of each finished step of the run.");
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStartTime() != null && step.getEndTime() != null) {
        text.sample("djgc_run_step_duration_seconds", with(run, "step", step.getStepName()),
            Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1000.0);
      }
    }
    text.gauge("djgc_run_exit_code", "Process exit code of the run: 0 done, 1 per-object errors, 3 refused by a"
        + " safety gate, 4 locked, 5 failed (restartable).");
    text.sample("djgc_run_exit_code", run, exitCode.code());
    text.gauge("djgc_run_timestamp_seconds", "When the run's metrics were written (Unix time).");
    text.sample("djgc_run_timestamp_seconds", run, Instant.now().getEpochSecond());
    text.gauge("djgc_run_execution_id", "The run's job execution id (for --restart and history).");
    text.sample("djgc_run_execution_id", run, execution.getId());
    text.gauge("djgc_last_success_timestamp_seconds", "When this job last completed on this store without being"
        + " refused or failing (exit 0 or 1), from the job repository (Unix time; 0: never).");
    text.sample("djgc_last_success_timestamp_seconds", run, lastSuccess(job, store));
    Map<String, Long> ledger = StatsTotals.read(execution.getExecutionContext());
    if (!ledger.isEmpty()) {
      ledgerFamily(text, run, ledger, StatsTotals.FILES, "djgc_ledger_files", "Quarantine ledger rows of the store per"
          + " state, as the stats run counted them.");
      ledgerFamily(text, run, ledger, StatsTotals.BYTES, "djgc_ledger_bytes", "Bytes of the store's quarantine ledger"
          + " rows per state (the trash holds the quarantined ones), as the stats run counted them.");
    }
    return text.text();
  }

  /** One family of the stats run's ledger totals: those whose key ends in {@code suffix}, by state. */
  private static void ledgerFamily(Exposition text, Map<String, String> run, Map<String, Long> ledger, String suffix,
      String family, String help) {
    text.gauge(family, help);
    ledger.forEach((key, value) -> {
      if (key.endsWith(suffix)) {
        text.sample(family, with(run, "state", StatsTotals.state(key)), value);
      }
    });
  }

  private static boolean isBytes(String counter) {
    return counter.endsWith("bytes") || counter.equals("bytes_purged");
  }

  private static String bytesOutcome(String counter) {
    return switch (counter) {
      case "candidate_bytes" -> "candidates";
      case "quarantined_bytes" -> "quarantined";
      case "bytes_purged" -> "purged";
      default -> counter;
    };
  }

  /** The end of the newest execution of {@code job} on {@code store} that completed (exit 0 or 1), or 0. */
  private long lastSuccess(String job, String store) {
    try {
      java.sql.Timestamp end = metadata.query("SELECT MAX(e.END_TIME) " + ExecutionsSql.FROM
          + " WHERE i.JOB_NAME = ? AND " + ExecutionsSql.ON_STORE + " AND e.STATUS = 'COMPLETED' AND e.EXIT_CODE <> ?",
          rows -> rows.next() ? rows.getTimestamp(1) : null, job, store,
          org.djgc.batch.job.support.RunExitStatus.FAILED_CLOSED);
      // Spring Batch stamps local time, and dj-gc's JVM runs in UTC
      return end == null ? 0 : end.toLocalDateTime().toEpochSecond(java.time.ZoneOffset.UTC);
    } catch (org.springframework.dao.DataAccessException e) {
      LOG.warn("Cannot read the last successful {} of store {}: {}", job, store, e.getMessage());
      return 0;
    }
  }

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  private static Map<String, String> with(Map<String, String> base, String name, String value) {
    Map<String, String> labels = new java.util.LinkedHashMap<>(base);
    labels.put(name, value);
    return labels;
  }

  private static void write(Path path, String text) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".djgc-metrics", ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("Cannot write metrics to {}: {}", path, e.toString());
    }
  }

  private void push(JobExecution execution, String text) {
    String store = String.valueOf(execution.getJobParameters().getString("store"));
    String job = execution.getJobInstance().getJobName();
    URI uri = URI.create(pushgateway.replaceAll("/+$", "") + "/metrics/job/dj-gc/instance/" + store + "/gc_job/" + job);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain; version=0.0.4")
          .PUT(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        LOG.warn("Pushgateway {} answered {}", uri.getHost(), response.statusCode());
      }
    } catch (IOException e) {
      LOG.warn("Cannot push metrics to {}: {}", uri.getHost(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
