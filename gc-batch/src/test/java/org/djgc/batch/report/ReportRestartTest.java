package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.layout.HashPaths;
import org.junit.jupiter.api.Test;

/** A failed run exits 5 naming its execution id; {@code --restart=<id>} finishes that execution. */
class ReportRestartTest extends ReportTestBase {

  @Test
  void aFailedReportIsRestartedByItsExecutionId() throws Exception {
    // given: a pipeline with one orphan
    String orphan = pipelineWithAnOrphan();
    Path config = writeConfig();

    // when: a run dies before its discovery
    GcCli.Result failed = failedReport(config);
    Matcher id = Pattern.compile("--restart=(\\d+)").matcher(failed.err());

    // then
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(id.find()).as(failed.err()).isTrue();

    // when restarted
    GcCli.Result restarted = GcCli.run("--restart=" + id.group(1), "--dj-config=" + config,
        "--gc.work-dir=" + tmp.resolve("work"));

    // then the same job instance completes, with the original parameters (JSON output, schema A)
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(restarted.out()).orphanPaths())
        .containsExactly("_hash/" + A + "/" + HashPaths.computeHash(bytes("orphan")));
    assertThat(pathOf(orphan)).isEqualTo("_hash/" + A + "/" + HashPaths.computeHash(bytes("orphan")));

    // and a completed execution cannot be restarted again
    GcCli.Result again = GcCli.run("--restart=" + id.group(1), "--dj-config=" + config);
    assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(again.err()).contains("already completed");
  }

  @Test
  void aSecondRestartOfTheSameExecutionWhileTheFirstRunsIsRefusedAsLocked() throws Exception {
    // given: a failed report
    pipelineWithAnOrphan();
    Path config = writeConfig();
    GcCli.Result failed = failedReport(config);
    Matcher id = Pattern.compile("--restart=(\\d+)").matcher(failed.err());
    assertThat(id.find()).as(failed.err()).isTrue();
    String[] restart = {"--restart=" + id.group(1), "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work")};

    // when: a second restart starts while the first is inside its run
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    org.djgc.batch.job.support.CrashPoints.onNextReach("report.discoverReferences.start", () -> {
      inside.countDown();
      try {
        release.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    java.util.concurrent.CompletableFuture<GcCli.Result> first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> GcCli.run(restart));
    assertThat(inside.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    GcCli.Result second;
    try {
      second = GcCli.run(restart);
    } finally {
      release.countDown();
    }

    // then: the second is refused (exit 4) in one line; the first completes
    assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCode.LOCKED);
    assertThat(second.err()).contains("Execution " + id.group(1), "being restarted by another process")
        .doesNotContain("JobParameter");
    GcCli.Result completed = first.get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(completed.exitCode()).as(completed.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(completed.out()).orphanPaths())
        .containsExactly("_hash/" + A + "/" + HashPaths.computeHash(bytes("orphan")));
  }

  /** One live blob and one orphan; returns the orphan's JSON. */
  private String pipelineWithAnOrphan() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    return fx.putHash(A, bytes("orphan"));
  }

  /** A report that dies (as under kill -9) before its discovery. */
  private GcCli.Result failedReport(Path config) {
    org.djgc.batch.job.support.CrashPoints.onNextReach("report.discoverReferences.start", () -> {
      throw new org.djgc.batch.support.SimulatedKill("report.discoverReferences.start");
    });
    return GcCli.run("--job=report", "--store=" + STORE, "--schema=" + A, "--format=json", "--dj-config=" + config,
        "--gc.work-dir=" + tmp.resolve("work"));
  }
}
