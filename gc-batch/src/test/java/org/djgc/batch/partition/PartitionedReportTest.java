package org.djgc.batch.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A report with {@code gc.partitions} > 1 runs one partition step per slice (issue 11) and finds
 * exactly what a whole scan finds; a failed partition fails the run, which a restart finishes.
 */
class PartitionedReportTest extends ReportTestBase {
  @BeforeEach
  void pipeline() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.declareTable(A, "obj_test", Map.of("obj", "<object@local>"));
    for (int i = 0; i < 40; i++) {
      fx.insert(A, "blob_test", i, Map.of("payload", fx.putHash(A, bytes("live " + i))));
      fx.putHash(A, bytes("orphan " + i));
      String live = fx.putObject(A, "obj_test", i, "obj", "tok" + i, ".dat", bytes("object " + i));
      if (i % 3 != 0) {
        fx.insert(A, "obj_test", i, Map.of("obj", live));
      }
      fx.putFolder(A, "obj_test", 100 + i, "obj", "dir" + i, Map.of("a.bin", bytes("a" + i), "b/c.bin", bytes("c")));
    }
  }

  @AfterEach
  void clearHooks() {
    CrashPoints.clearHooks();
  }

  @Test
  void partitionedReportFindsWhatTheWholeScanFinds() {
    // when
    ReportJson whole = cleanReport("--schema=" + A);
    ReportJson partitioned = cleanReport("--schema=" + A, "--gc.partitions=8", "--gc.partition-threads=3");

    // then: the same orphans and statistics, found by 2 sections x 4 ranges = 8 partitions
    assertThat(partitioned.orphans()).isEqualTo(whole.orphans()).hasSize(40 + 14 + 40 * 3);
    for (String key : new String[] {"hash_paths_stored", "hash_paths_orphaned", "schema_paths_stored",
        "schema_paths_orphaned", "schema_paths_orphaned_bytes", "hash_paths_referenced"}) {
      assertThat(partitioned.stat(key)).as(key).isEqualTo(whole.stat(key));
    }
    assertThat(slicesOf(StoreState.lastExecution(db, STORE))).hasSize(8).allSatisfy((name, status) -> {
      assertThat(name).matches("report\\.scanSlice:slice-0000[0-7]");
      assertThat(status).isEqualTo("COMPLETED");
    });
  }

  @Test
  void aFailedPartitionFailsTheRunAndARestartFinishesIt() {
    // given: the fourth partition fails as it starts
    ReportJson whole = cleanReport("--schema=" + A);
    CrashPoints.onNextReach("report.scanSlice:slice-00003.start", () -> {
      throw new IllegalStateException("injected failure of one partition");
    });

    // when
    GcCli.Result failed = report("--schema=" + A, "--gc.partitions=8");
    Matcher id = Pattern.compile("--restart=(\\d+)").matcher(failed.err());

    // then: no report from a partial scan; the partition is FAILED in the repository, the others not
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(failed.out()).doesNotContain("\"orphans\"");
    assertThat(id.find()).as(failed.err()).isTrue();
    long first = Long.parseLong(id.group(1));
    assertThat(slicesOf(first)).containsEntry("report.scanSlice:slice-00003", "FAILED")
        .containsEntry("report.scanSlice:slice-00000", "COMPLETED");

    // when
    GcCli.Result restarted = GcCli.run("--restart=" + first, "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work"));

    // then: only the failed slice is scanned again; the others' outputs are reused; the same orphans
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(restarted.out()).orphans()).isEqualTo(whole.orphans());
    assertThat(slicesOf(StoreState.lastExecution(db, STORE)))
        .containsExactly(Map.entry("report.scanSlice:slice-00003", "COMPLETED"));
    // and the completed instance leaves no slice files behind, of either execution
    assertThat(tmp.resolve("work").resolve("slices")).isEmptyDirectory();
  }

  private Map<String, String> slicesOf(long execution) {
    return org.djgc.core.testing.BatchPartitions.statuses(db.dataSource(), execution);
  }
}
