package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * {@code gc.testing.*} is refused (exit 2, naming the key, nothing touched) in a JVM without the
 * test switch {@code -Ddjgc.testing=true} (spec §3.4): a clock offset would make purge delete
 * before grace, a crash point would halt a production run.
 */
class TestingSwitchTest extends CycleTestBase {

  @Test
  void aClockOffsetWithoutTheSwitchIsRefusedBeforeAnythingIsTouched() {
    // given: quarantined at P2D by a test run; the trash, the ledger and the executions so far
    pipeline();
    ok("quarantine", "P2D");
    Map<String, Long> files = StoreState.files(storeRoot);
    Map<String, String> ledger = ledger();
    long executions = executions();

    // when: a production JVM runs purge with an offset past grace, or quarantine with one
    GcCli.Result purge = production("--job=purge", "--gc.testing.clock-offset=P10D");
    GcCli.Result quarantine = production("--job=quarantine", "--gc.testing.clock-offset=P10D");

    // then: refused with exit 2 naming the key; no file, ledger row or execution changed
    for (GcCli.Result result : List.of(purge, quarantine)) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).contains("gc.testing.clock-offset is a test hook", "-Ddjgc.testing=true");
    }
    assertThat(StoreState.files(storeRoot)).isEqualTo(files);
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(ledger()).isEqualTo(ledger);
    assertThat(executions()).isEqualTo(executions);
  }

  @Test
  void aCrashPointWithoutTheSwitchIsRefused() {
    pipeline();
    Map<String, Long> files = StoreState.files(storeRoot);

    GcCli.Result result = production("--job=quarantine", "--gc.testing.crash-at=quarantine.afterMove");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("gc.testing.crash-at is a test hook");
    assertThat(StoreState.files(storeRoot)).isEqualTo(files);
    assertThat(ledger()).isEmpty();
  }

  @Test
  void theSwitchIsNotASpringSetting() {
    // --djgc.testing=true reaches Spring's environment, not the JVM's system properties
    pipeline();
    ok("quarantine", "P2D");
    GcCli.Result result = production("--job=purge", "--djgc.testing=true", "--gc.testing.clock-offset=P10D");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
  }

  private GcCli.Result production(String... args) {
    List<String> all = new ArrayList<>(List.of("--store=" + STORE, "--schema=" + A, "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work")));
    all.addAll(List.of(args));
    return GcCli.runWithoutTestingSwitch(all.toArray(String[]::new));
  }

  private long executions() {
    try (var connection = db.dataSource().getConnection(); var s = connection.createStatement();
        var r = s.executeQuery("SELECT COUNT(*) FROM datajoint_gc.BATCH_JOB_EXECUTION")) {
      r.next();
      return r.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
