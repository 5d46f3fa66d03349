package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * On {@code --restart}, gate G5 judges the ages the restarted execution actually runs with: the
 * job parameters stored at launch ({@code graceSeconds}, {@code minObjectAge}, {@code clockSkew}),
 * never this process's settings; an unsafe stored window needs the override again and is warned
 * about again (spec §8.4).
 */
class RestartAgesTest extends CycleTestBase {

  @Test
  void aRestartedPurgeKeepsItsStoredShortGraceAndNeedsTheOverrideAgain() throws Exception {
    // given: quarantined at P2D; a purge launched with a 1-hour grace (override) failed at P2DT3H
    pipeline();
    ok("quarantine", "P2D");
    String id = failedLaunch("purge", "P2DT3H", "--gc.grace-seconds=3600", "--gc.allow-unsafe-ages=true");

    // when: restarted without the override (today's grace is the default 7 days)
    GcCli.Result refused = restart(id, "P2DT3H");

    // then: G5 judges the stored grace, refuses, and nothing is deleted
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.err()).contains("Invalid gc.grace-seconds: 3600");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));

    // when: restarted with the override
    GcCli.Result forced = restart(id, "P2DT3H", "--gc.allow-unsafe-ages=true");

    // then: warned about the stored grace again, and it is that grace that purges
    assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCode.OK);
    assertThat(forced.err()).contains("gc.allow-unsafe-ages=true: purge runs with grace 3600 s");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("PURGED"));
    assertLiveFilesUntouched();
  }

  @Test
  void aRestartedPurgeKeepsItsStoredGraceWhateverTodaysSettingSays() throws Exception {
    // given: quarantined at P2D; a purge launched with the default 7-day grace failed at P2DT3H
    pipeline();
    ok("quarantine", "P2D");
    String id = failedLaunch("purge", "P2DT3H");

    // when: restarted by a process configured with a 1-hour grace
    GcCli.Result restarted = restart(id, "P2DT3H", "--gc.grace-seconds=3600", "--gc.allow-unsafe-ages=true");

    // then: the stored 7 days apply: nothing is due, nothing is deleted, and the log says why
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(restarted.err()).contains("runs with its stored grace 604800 s; this process's gc.grace-seconds=3600"
        + " does not apply");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(ledger()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));
  }

  @Test
  void aRestartedQuarantineKeepsItsStoredMinAgeAndNeedsTheOverrideAgain() throws Exception {
    // given: files 2 hours old; a quarantine launched with a 30-minute min-age (override) failed
    pipeline();
    String id = failedLaunch("quarantine", "PT2H", "--gc.min-object-age=PT30M", "--gc.allow-unsafe-ages=true");

    // when: restarted without the override (today's min-age is the default 24 h)
    GcCli.Result refused = restart(id, "PT2H");

    // then: G5 judges the stored min-age and refuses; nothing moved
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.err()).contains("Invalid gc.min-object-age: PT30M");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger()).isEmpty();

    // when: restarted with the override, by a process whose own min-age is 24 h
    GcCli.Result restarted = restart(id, "PT2H", "--gc.allow-unsafe-ages=true", "--gc.min-object-age=PT24H");

    // then: warned again, and the stored 30 minutes select the 2-hour-old orphans
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(restarted.err()).contains("gc.allow-unsafe-ages=true: quarantine runs with min-age PT30M");
    assertThat(restarted.err()).contains("runs with its stored min-age PT30M");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertLiveFilesUntouched();
  }

  @Test
  void anExecutionLaunchedBeforeTheAgesWereStoredRunsWithTodaysSettingsAndIsGatedOnThem() throws Exception {
    // given: a failed quarantine whose stored min-age and skew are gone (as for an execution of an older dj-gc)
    pipeline();
    String id = failedLaunch("quarantine", "PT2H");
    db.execute("DELETE FROM datajoint_gc.BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = " + id
        + " AND PARAMETER_NAME IN ('minObjectAge', 'clockSkew')");

    // when: restarted with a 30-minute min-age, without and with the override
    GcCli.Result refused = restart(id, "PT2H", "--gc.min-object-age=PT30M");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    GcCli.Result restarted = restart(id, "PT2H", "--gc.min-object-age=PT30M", "--gc.allow-unsafe-ages=true");

    // then: today's setting is what runs, so it is what G5 judges
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.err()).contains("Invalid gc.min-object-age: PT30M");
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(restarted.err()).contains("launched without stored [gc.min-object-age, gc.clock-skew]",
        "gc.allow-unsafe-ages=true: quarantine runs with min-age PT30M");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertLiveFilesUntouched();
  }

  /** Launches a job that dies before its discovery, so it fails (exit 5); returns its execution id. */
  private String failedLaunch(String job, String clockOffset, String... settings) throws Exception {
    org.djgc.batch.job.support.CrashPoints.onNextReach(job + ".discoverReferences.start", () -> {
      throw new org.djgc.batch.support.SimulatedKill(job + ".discoverReferences.start");
    });
    List<String> args = new ArrayList<>(List.of("--job=" + job, "--store=" + STORE, "--schema=" + A,
        "--dj-config=" + writeConfig(), "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset="
        + clockOffset));
    args.addAll(List.of(settings));
    GcCli.Result failed = GcCli.run(args.toArray(String[]::new));
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    return failed.err().replaceAll("(?s).*--restart=(\\d+).*", "$1");
  }

  /**
   * Restarts an execution; the result's {@code err} also holds the log lines (the process's
   * stdout or stderr, depending on the logback configuration).
   */
  private GcCli.Result restart(String id, String clockOffset, String... settings) {
    List<String> args = new ArrayList<>(List.of("--restart=" + id, "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=" + clockOffset));
    args.addAll(List.of(settings));
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    GcCli.Result result;
    try (PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      result = GcCli.run(args.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new GcCli.Result(result.exitCode(), result.out(), result.err() + logs.toString(StandardCharsets.UTF_8));
  }
}
