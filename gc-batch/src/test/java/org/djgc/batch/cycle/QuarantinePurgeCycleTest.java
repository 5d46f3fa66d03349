package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/** The full cycle with a controllable clock: quarantine → inside grace nothing goes → past grace exactly the orphans go. */
public class QuarantinePurgeCycleTest extends CycleTestBase {

  @Test
  void quarantineThenGraceThenPurgeDeletesExactlyTheOrphans() {
    // given
    pipeline();

    // when: quarantine two days later (files are past the 24 h minimum age)
    ok("quarantine", "P2D");

    // then: every orphan is in the trash, nowhere else; live files untouched
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(StoreState.files(storeRoot).keySet()).doesNotContainAnyElementsOf(orphans);
    assertLiveFilesUntouched();
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));

    // when: a purge inside the grace window
    ok("purge", "P3D");

    // then: nothing deleted
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertLiveFilesUntouched();

    // when: a purge past grace
    ok("purge", "P10D");

    // then: exactly the orphans are gone, live files remain, the ledger says PURGED
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(StoreState.files(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(live);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("PURGED"));
    assertThat(ReportJsonOrphans.of(cleanReport("--schema=" + A))).isEmpty();
  }

  @Test
  void quarantineIsIdempotentAndOnlyAddsNewOrphans() {
    // given
    pipeline();
    ok("quarantine", "P2D");
    Map<String, String> first = ledger();

    // when: nothing changed
    var again = ok("quarantine", "P2D");

    // then
    assertThat(ledger()).isEqualTo(first);
    assertThat(again.out()).contains("\"quarantined\" : 0");

    // when: another row is deleted
    fx.delete(A, "npy_test", 2);
    ok("quarantine", "P2D");

    // then: only its file is added
    assertThat(ledger()).hasSize(first.size() + 1);
    assertThat(ledger().keySet()).containsAll(first.keySet());
  }

  @Test
  void filesYoungerThanTheMinimumAgeAreNeverQuarantined() {
    // given: an upload whose row has not committed yet (race d): written now, not referenced
    pipeline();
    String inFlight = pathOf(fx.putObject(A, "object_test", 3, "file", "inflight", ".dat", bytes("uploading")));

    // when: quarantine now; every orphan is younger than 24 h
    var result = ok("quarantine", "PT0S");

    // then
    assertThat(result.out()).contains("\"quarantined\" : 0");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(fx.exists(inFlight)).isTrue();

    // when the row commits later and a run two days on looks again, the file is live
    fx.insert(A, "object_test", 3, Map.of("file", "{\"path\": \"" + inFlight + "\", \"store\": \"local\"}"));
    ok("quarantine", "P2D");
    assertThat(fx.exists(inFlight)).isTrue();
    assertThat(ledger()).doesNotContainKey(inFlight);
  }

  @Test
  void upstreamsSpellingGraceSecondsBindsToo() {
    pipeline();
    var result = run("purge", "P10D", "--gc.grace_seconds=7200");
    assertThat(result.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(result.err()).contains("Invalid gc.grace-seconds: 7200");
    assertThat(org.djgc.batch.GcBatchApplicationAccess.aliases(java.util.Map.of("GC_GRACE_SECONDS", "90000",
        "GC_REMOTE_WORKER_IDLE_EXIT", "PT10M", "GC_METADATA_PASSWORD", "x", "GC_PARTITION_THREADS", "4")))
        .containsEntry("gc.grace-seconds", "90000").containsEntry("gc.remote.worker-idle-exit", "PT10M")
        .containsEntry("gc.metadata.password", "x").containsEntry("gc.partition-threads", "4");
  }

  @Test
  void aGraceBelowItsFloorIsRefused() {
    pipeline();
    var result = run("purge", "P10D", "--gc.grace-seconds=3600");
    assertThat(result.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(result.err()).contains("Invalid gc.grace-seconds: 3600 (minimum 86400", "gc.allow-unsafe-ages");
  }
}
