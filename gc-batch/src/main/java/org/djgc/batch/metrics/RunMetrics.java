package org.djgc.batch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.djgc.batch.job.support.RunCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The run's metrics through Micrometer, in Prometheus' text format: objects and bytes per outcome,
 * step durations, errors, the exit code and the time of the run. Written atomically to a file for
 * node_exporter's textfile collector ({@code --metrics-file}, usual for cron jobs) and, when
 * {@code gc.metrics.pushgateway-url} is set, pushed to a Pushgateway.
 */
@Component
public class RunMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  private final RunCounters counters;
  private final String pushgateway;

  public RunMetrics(RunCounters counters, @Value("${gc.metrics.pushgateway-url:}") String pushgateway) {
    this.counters = counters;
    this.pushgateway = pushgateway;
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
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String job = execution.getJobInstance().getJobName();
    String store = String.valueOf(execution.getJobParameters().getString("store"));
    Tags run = Tags.of("job", job, "store", store);
    for (Map.Entry<String, Long> counter : counters.snapshot().entrySet()) {
      boolean bytes = counter.getKey().endsWith("bytes") || counter.getKey().equals("bytes_purged");
      String outcome = switch (counter.getKey()) {
        case "candidate_bytes" -> "candidates";
        case "quarantined_bytes" -> "quarantined";
        case "bytes_purged" -> "purged";
        default -> counter.getKey();
      };
      Counter.builder(bytes ? "djgc.bytes" : "djgc.objects").tags(run).tag("outcome", outcome)
          .register(registry).increment(counter.getValue());
    }
    Counter.builder("djgc.errors").tags(run).description("Per-object errors").register(registry)
        .increment(counters.errorCount());
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStartTime() != null && step.getEndTime() != null) {
        double seconds = Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1000.0;
        Gauge.builder("djgc.step.duration.seconds", () -> seconds).tags(run).tag("step", step.getStepName())
            .register(registry);
      }
    }
    Gauge.builder("djgc.run.exit.code", exitCode::code).tags(run).register(registry);
    double finished = Instant.now().getEpochSecond();
    Gauge.builder("djgc.run.last.timestamp.seconds", () -> finished).tags(run).register(registry);
    Gauge.builder("djgc.run.execution.id", execution::getId).tags(run).register(registry);
    return registry.scrape();
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
