package org.djgc.batch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.junit.jupiter.api.Test;

/** A quarantine run writes its metrics for node_exporter's textfile collector and pushes them to a Pushgateway. */
class RunMetricsTest extends ReportTestBase {

  @Test
  void metricsFileAndPushgatewayCarryTheRunsCounts() throws Exception {
    // given: two orphans, and a Pushgateway stand-in
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    fx.putHash(A, bytes("orphan one"));
    fx.putHash(A, bytes("orphan two"));
    AtomicReference<String> pushed = new AtomicReference<>();
    AtomicReference<String> pushedPath = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      pushedPath.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      pushed.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    Path metrics = tmp.resolve("textfile/djgc.prom");
    try {
      // when
      GcCli.Result result = job("quarantine", "--schema=" + A, "--gc.testing.clock-offset=P2D", "--force",
          "--metrics-file=" + metrics, "--gc.metrics.pushgateway-url=http://127.0.0.1:" + server.getAddress().getPort());

      // then
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    } finally {
      server.stop(0);
    }
    String text = Files.readString(metrics);
    assertThat(text).contains("djgc_run_objects{gc_job=\"quarantine\",store=\"local\",outcome=\"quarantined\"} 2\n",
        "djgc_run_bytes{gc_job=\"quarantine\",store=\"local\",outcome=\"candidates\"} 20\n",
        "djgc_run_exit_code{gc_job=\"quarantine\",store=\"local\"} 0\n",
        "djgc_run_step_duration_seconds{gc_job=\"quarantine\",store=\"local\",step=\"quarantine.moveToTrash\"} ",
        "djgc_run_errors{gc_job=\"quarantine\",store=\"local\"} 0\n");
    // every family is a gauge with its HELP, no sample is labelled job, and whole numbers are integers
    for (String family : text.lines().filter(l -> l.startsWith("# TYPE ")).toList()) {
      assertThat(family).endsWith(" gauge");
      assertThat(text).contains("# HELP " + family.split(" ")[2] + " ");
    }
    assertThat(text).doesNotContain("{job=", ",job=").doesNotContainPattern("(?m)_(objects|bytes|id|code|seconds)\\{[^}]*\\} \\d+\\.0$");
    long now = java.time.Instant.now().getEpochSecond();
    assertThat(sample(text, "djgc_run_timestamp_seconds")).isBetween(now - 120, now + 5);
    // the quarantine just completed: its last success is now
    assertThat(sample(text, "djgc_last_success_timestamp_seconds")).isBetween(now - 120, now + 5);
    assertThat(Files.list(metrics.getParent())).containsExactly(metrics);
    assertThat(pushedPath.get()).isEqualTo("PUT /metrics/job/dj-gc/instance/local/gc_job/quarantine");
    assertThat(pushed.get()).isEqualTo(text);
  }

  @Test
  void aRefusedRunHasNoSuccessAndAStatsRunExportsTheLedgerPerState() throws Exception {
    // given: one orphan beside one live file
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    fx.putHash(A, bytes("orphan one"));
    Path refusedFile = tmp.resolve("refused.prom");
    Path statsFile = tmp.resolve("stats.prom");

    // when: a quarantine refused by the candidate share gate (a second after any earlier run of
    // the shared job repository ended), then one that runs, then stats
    Thread.sleep(1100);
    long before = java.time.Instant.now().getEpochSecond();
    GcCli.Result refused = job("quarantine", "--schema=" + A, "--gc.testing.clock-offset=P2D",
        "--gc.max-candidate-fraction=0.1", "--metrics-file=" + refusedFile);
    GcCli.Result quarantine = job("quarantine", "--schema=" + A, "--gc.testing.clock-offset=P2D", "--force");
    GcCli.Result stats = job("stats", "--metrics-file=" + statsFile);

    // then: the refused run says exit 3 and is not a success; stats counts the trash per state
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    String refusedText = Files.readString(refusedFile);
    assertThat(refusedText).contains("djgc_run_exit_code{gc_job=\"quarantine\",store=\"local\"} 3\n")
        .doesNotContain("djgc_ledger_");
    assertThat(sample(refusedText, "djgc_last_success_timestamp_seconds")).isLessThan(before);
    assertThat(sample(Files.readString(statsFile), "djgc_last_success_timestamp_seconds")).isGreaterThanOrEqualTo(
        before);
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.OK);
    assertThat(stats.exitCode()).as(stats.toString()).isEqualTo(ExitCode.OK);
    String statsText = Files.readString(statsFile);
    assertThat(statsText).contains(
        "djgc_ledger_files{gc_job=\"stats\",store=\"local\",state=\"quarantined\"} 1\n",
        "djgc_ledger_bytes{gc_job=\"stats\",store=\"local\",state=\"quarantined\"} 10\n",
        "djgc_ledger_files{gc_job=\"stats\",store=\"local\",state=\"purged\"} 0\n");
    // and every series the alert rules and the dashboard in jobs/ use is one dj-gc writes
    java.util.Set<String> written = new java.util.TreeSet<>();
    java.util.regex.Matcher family = java.util.regex.Pattern.compile("(?m)^# TYPE (\\S+) gauge$")
        .matcher(refusedText + statsText);
    while (family.find()) {
      written.add(family.group(1));
    }
    for (String artifact : List.of("../jobs/prometheus/dj-gc.rules.yml", "../jobs/grafana/dj-gc.dashboard.json")) {
      java.util.regex.Matcher used = java.util.regex.Pattern.compile("djgc_[a-z_]+").matcher(
          Files.readString(Path.of(artifact)));
      java.util.Set<String> names = new java.util.TreeSet<>();
      while (used.find()) {
        names.add(used.group());
      }
      assertThat(names).as(artifact).isNotEmpty();
      assertThat(written).as(artifact).containsAll(names);
    }
  }

  private static long sample(String text, String name) {
    return text.lines().filter(l -> l.startsWith(name + "{")).map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow();
  }
}
