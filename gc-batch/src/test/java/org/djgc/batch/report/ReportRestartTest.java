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
    // given: a run that dies before its discovery
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    String orphan = fx.putHash(A, bytes("orphan"));
    Path config = writeConfig();
    org.djgc.batch.job.support.CrashPoints.onNextReach("report.discoverReferences.start", () -> {
      throw new org.djgc.batch.support.SimulatedKill("report.discoverReferences.start");
    });

    // when
    GcCli.Result failed = GcCli.run("--job=report", "--store=" + STORE, "--schema=" + A, "--format=json",
        "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work"));
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
}
