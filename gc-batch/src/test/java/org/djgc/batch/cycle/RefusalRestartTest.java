package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * Found in review of the interleaving chains (issue 9): a refusal was kept in the job's context, so
 * a refused run killed after its selection step stayed refused on {@code --restart} with the old
 * reason, whatever the restarted run found. Each selection step now judges afresh.
 */
class RefusalRestartTest extends CycleTestBase {
  /** Gate G4 off: this pipeline's orphans are most of its files. */
  private static final String ALL_CANDIDATES = "--gc.max-candidate-fraction=1";

  @Test
  void aRestartedQuarantineJudgesTheGatesAfreshInsteadOfKeepingTheKilledRunsRefusal() throws Exception {
    // given: every row deleted, so quarantine is refused by G3 (zero references), and killed after
    // its selection step
    pipeline();
    fx.delete(A, "blob_test", 2);
    fx.delete(A, "object_test", 2);
    fx.delete(A, "npy_test", 2);
    killAt("quarantine.moveToTrash.start");
    GcCli.Result killed = run("quarantine", "P2D", ALL_CANDIDATES);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    long execution = StoreState.lastExecution(db, STORE);

    // when: a row references the live blob again, and the execution is restarted
    fx.insert(A, "blob_test", 2, Map.of("payload", fx.putHash(A, bytes("blob 2"))));
    GcCli.Result restarted = GcCli.run("--restart=" + execution, "--format=json", "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D", ALL_CANDIDATES);

    // then: the restart is not refused; it quarantines what is unreferenced now
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(StoreState.trash(storeRoot)).containsKey(orphanBlob()).doesNotContainKey(live.stream()
        .filter(p -> p.startsWith("_hash/")).findFirst().orElseThrow());
  }
}
