package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.batch.support.SimulatedKill;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --execution-id-file}: schedulers restart a failed run by the id the jar writes as the
 * execution starts, never by reading its logs.
 */
class ExecutionIdFileTest extends ReportTestBase {
  @BeforeEach
  void pipeline() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
  }

  @AfterEach
  void clearHooks() {
    CrashPoints.clearHooks();
  }

  @Test
  void theIdOfTheStartedExecutionIsWrittenAlsoWhenTheRunDiesAndForItsRestart() throws Exception {
    // given
    Path idFile = tmp.resolve("ids/execution-id");
    Files.createDirectories(idFile.getParent());

    // when: a run that completes
    GcCli.Result ok = report("--schema=" + A, "--execution-id-file=" + idFile);

    // then
    assertThat(ok.exitCode()).as(ok.toString()).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(idFile)).isEqualTo(StoreState.lastExecution(db, STORE) + "\n");

    // when: a run that dies before its diff, then its restart by the id found in the file
    CrashPoints.onNextReach("report.diff.start", () -> {
      throw new SimulatedKill("report.diff.start");
    });
    GcCli.Result failed = report("--schema=" + A, "--execution-id-file=" + idFile);
    long written = Long.parseLong(Files.readString(idFile).strip());
    GcCli.Result restarted = GcCli.run("--restart=" + written, "--format=json", "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work"), "--execution-id-file=" + idFile);

    // then: the file named the failed execution, then the restart's own
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(failed.err()).contains("--restart=" + written);
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(Long.parseLong(Files.readString(idFile).strip())).isEqualTo(StoreState.lastExecution(db, STORE))
        .isGreaterThan(written);
    assertThat(Files.list(idFile.getParent())).containsExactly(idFile);
  }

  @Test
  void aDirectoryThatCannotTakeTheFileIsRefusedBeforeAnythingRuns() {
    // when
    long before = StoreState.lastExecution(db, STORE);
    GcCli.Result result = report("--schema=" + A, "--execution-id-file=" + tmp.resolve("missing/dir/id"));

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--execution-id-file", "missing/dir", "nothing ran");
    assertThat(StoreState.lastExecution(db, STORE)).isEqualTo(before);
  }
}
