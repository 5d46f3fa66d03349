package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.StoreState;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.storage.StoreIdentity;
import org.junit.jupiter.api.Test;

/** Gates (spec §10): each refusal moves and deletes nothing and says why. */
class SafetyGateTest extends CycleTestBase {

  @Test
  void zeroReferencesAgainstANonEmptySectionIsRefusedUnlessForced() {
    // given: every row deleted
    pipeline();
    fx.delete(A, "blob_test", 2);
    fx.delete(A, "object_test", 2);
    fx.delete(A, "npy_test", 2);
    Map<String, Long> before = StoreState.files(storeRoot);

    // when
    var refused = run("quarantine", "P2D");

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.out()).contains("zero references");
    assertThat(StoreState.files(storeRoot)).isEqualTo(before);
    assertThat(ledger()).isEmpty();

    // when forced
    var forced = run("quarantine", "P2D", "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCode.OK);
    assertThat(StoreState.trash(storeRoot)).hasSize(before.size());
  }

  @Test
  void tooManyCandidatesIsRefused() {
    pipeline();
    var refused = run("quarantine", "P2D", "--gc.max-candidate-fraction=0.2");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.out()).contains("gc.max-candidate-fraction=0.2");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertLiveFilesUntouched();
  }

  @Test
  void findingsBlockQuarantineAndPurgeDeletion() {
    // given: quarantined, then an undeclared codec appears on the store
    pipeline();
    ok("quarantine", "P2D");
    fx.declareTable(A, "mystery", Map.of("thing", "<mystery@local>"));

    // when
    var quarantine = run("quarantine", "P2D");
    var purge = run("purge", "P10D");

    // then
    assertThat(quarantine.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(purge.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(purge.out()).contains("reference finding");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
  }

  @Test
  void aRestartCannotLowerTheAgeWindowAndANegativeSkewIsRefused() throws Exception {
    // given: a quarantine (stored min-age 24 h) that failed before its discovery
    pipeline();
    org.djgc.batch.job.support.CrashPoints.onNextReach("quarantine.discoverReferences.start", () -> {
      throw new org.djgc.batch.support.SimulatedKill("quarantine.discoverReferences.start");
    });
    var failed = org.djgc.batch.support.GcCli.run("--job=quarantine", "--store=" + STORE, "--schema=" + A,
        "--dj-config=" + writeConfig(), "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    String id = failed.err().replaceAll("(?s).*--restart=(\\d+).*", "$1");

    // when: restarted (files just written) by a process that sets no min-age and no skew, with the
    // override; and a new launch with a negative skew
    var lowered = org.djgc.batch.support.GcCli.run("--restart=" + id, "--dj-config=" + writeConfig(),
        "--gc.min-object-age=PT0S", "--gc.clock-skew=PT0S", "--gc.allow-unsafe-ages=true");
    var negative = run("quarantine", "P2D", "--gc.clock-skew=-PT1H");

    // then: the restart runs with its stored 24 h and moves none of the fresh files; the skew is refused
    assertThat(lowered.exitCode()).as(lowered.toString()).isEqualTo(ExitCode.OK);
    assertThat(negative.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(negative.err()).contains("Invalid gc.clock-skew: PT-1H");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger()).isEmpty();
  }

  @Test
  void aSecondDestructiveRunOnTheStoreExitsFourAndChangesNothing() {
    // given: another run holds the store's lock
    pipeline();
    String lockName = StoreIdentity.of("file:" + storeRoot.toAbsolutePath().normalize()).lockName();
    Optional<StoreLock> held = StoreLock.tryAcquire(db.dataSource(), lockName);
    assertThat(held).isPresent();
    try (StoreLock lock = held.get()) {
      // when
      var result = run("quarantine", "P2D");

      // then
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.LOCKED);
      assertThat(result.err()).contains("Another dj-gc run holds the lock");
      assertThat(StoreState.trash(storeRoot)).isEmpty();
      assertThat(ledger()).isEmpty();
    }
    // and once the lock is free the same run proceeds
    ok("quarantine", "P2D");
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
  }

  @Test
  void theDeviceAndInodeLockAlsoBlocksASecondRunSoABindMountElsewhereIsRefused() throws Exception {
    // given: a run through a bind mount of the store at another path holds the device+inode lock
    // (a bind mount cannot be made here: the lock it would take is held instead)
    pipeline();
    writeConfig();
    List<String> names;
    try (var store = new org.djgc.core.storage.local.LocalObjectStore(storeRoot, tmp)) {
      names = store.identity().lockNames();
    }
    assertThat(names).hasSize(2);
    Optional<StoreLock> held = StoreLock.tryAcquire(db.dataSource(), names.get(1));
    assertThat(held).isPresent();
    try (StoreLock lock = held.get()) {
      // when
      var result = run("purge", "P10D");

      // then: refused, naming the held lock, and the store's other lock was given back
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.LOCKED);
      assertThat(result.err()).contains(names.get(1));
      assertThat(StoreLock.isFree(db.dataSource(), names.get(0))).isTrue();
    }
    ok("quarantine", "P2D");
  }
}
