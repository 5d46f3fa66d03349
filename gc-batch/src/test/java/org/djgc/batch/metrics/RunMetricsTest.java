package org.djgc.batch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertThat(text).contains("djgc_objects_total{job=\"quarantine\",outcome=\"quarantined\",store=\"local\"} 2.0",
        "djgc_bytes_total{job=\"quarantine\",outcome=\"candidates\",store=\"local\"} 20.0",
        "djgc_run_exit_code{job=\"quarantine\",store=\"local\"} 0.0", "djgc_step_duration_seconds",
        "step=\"quarantine.moveToTrash\"", "djgc_errors_total");
    assertThat(Files.list(metrics.getParent())).containsExactly(metrics);
    assertThat(pushedPath.get()).isEqualTo("PUT /metrics/job/dj-gc/instance/local/gc_job/quarantine");
    assertThat(pushed.get()).isEqualTo(text);
  }
}
