package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code --run-key} (issue 13): a scheduler's plain retry of the same run is a restart of the
 * failed execution, a retry of a completed run does nothing, and a key names one run.
 */
class RunKeyTest extends CycleTestBase {
  // unique per run: the job repository outlives a test run
  private final String key = "scheduled__2026-12-06T02:15:00+00:00." + System.nanoTime();
  private final String k1 = "k1." + System.nanoTime();

  @BeforeEach
  void setUp() {
    pipeline();
  }

  @Test
  void aRetryWithTheSameKeyRestartsTheFailedRunAndARetryAfterItsEndDoesNothing() throws Exception {
    Path idFile = tmp.resolve("execution-id");
    String[] quarantine = {"--run-key=" + key, "--execution-id-file=" + idFile};

    // given: the run dies after recording its first chunk
    killAt("quarantine.afterLedgerInsert");
    GcCli.Result killed = run("quarantine", "P2D", quarantine);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    long first = Long.parseLong(Files.readString(idFile).strip());

    // when: the scheduler retries the same command
    GcCli.Result retried = run("quarantine", "P2D", quarantine);

    // then: the same job instance ran again (a restart), and every orphan was quarantined once
    assertThat(retried.exitCode()).as(retried.toString()).isEqualTo(ExitCode.OK);
    long second = Long.parseLong(Files.readString(idFile).strip());
    assertThat(second).isGreaterThan(first);
    assertThat(instanceOf(second)).isEqualTo(instanceOf(first));
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state)
        .isEqualTo("QUARANTINED"));
    assertLiveFilesUntouched();

    // when: it retries once more after the run completed
    int executions = executionsOf(first);
    GcCli.Result again = run("quarantine", "P2D", quarantine);

    // then: nothing ran; the completed execution is named, and its id written for the scheduler
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
    assertThat(again.err()).contains("run key " + key + " already ran to its end as execution " + second);
    assertThat(executionsOf(first)).isEqualTo(executions);
    assertThat(Files.readString(idFile).strip()).isEqualTo(Long.toString(second));

    // and: another key is another run
    GcCli.Result other = run("quarantine", "P2D", "--run-key=manual-" + System.nanoTime());
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCode.OK);
    assertThat(instanceOf(StoreState.lastExecution(metadata, STORE))).isNotEqualTo(instanceOf(first));
  }

  @Test
  void aKeyNamesOneRunAndOnlyJobsThatLaunchOneTakeIt() {
    fx.declareTable(B, "blob_test", java.util.Map.of("payload", "<blob@local>"));
    GcCli.Result report = job("report", "--schema=" + A, "--run-key=" + k1);
    assertThat(report.exitCode()).as(report.toString()).isEqualTo(ExitCode.OK);

    GcCli.Result otherSchemas = job("report", "--schema=" + A + "," + B, "--run-key=" + k1);
    GcCli.Result history = job("history", "--run-key=" + k1);
    GcCli.Result control = job("report", "--schema=" + A, "--run-key=bad\u0001key");

    assertThat(otherSchemas.exitCode()).as(otherSchemas.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(otherSchemas.err()).contains("--run-key=" + k1 + " names execution", "on schemas [" + A + "]",
        "use a new key");
    assertThat(history.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(history.err()).contains("--run-key", "history takes none");
    assertThat(control.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(control.err()).contains("Invalid --run-key");
  }

  private long instanceOf(long execution) {
    return new JdbcTemplate(metadata.dataSource()).queryForObject(
        "SELECT JOB_INSTANCE_ID FROM datajoint_gc.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", Long.class, execution);
  }

  private int executionsOf(long execution) {
    return new JdbcTemplate(metadata.dataSource()).queryForObject("SELECT COUNT(*) FROM datajoint_gc.BATCH_JOB_EXECUTION"
        + " WHERE JOB_INSTANCE_ID = ?", Integer.class, instanceOf(execution));
  }

}
