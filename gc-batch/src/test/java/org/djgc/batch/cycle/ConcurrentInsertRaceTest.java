package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * The races two-phase GC exists for (spec §9): a row that starts referencing an orphan while it is
 * being quarantined or during grace, and the same content uploaded again while quarantined.
 */
class ConcurrentInsertRaceTest extends CycleTestBase {

  @Test
  void aRowInsertedBetweenDiscoveryAndMoveIsHealedByTheQuarantinesFinalStep() throws Exception {
    // given: a dedup insert that found the orphan present (exists() was true) commits after the
    // quarantine's snapshot, just before the file moves (race a)
    pipeline();
    CrashPoints.onNextReach("quarantine.afterLedgerInsert",
        () -> fx.insert(A, "blob_test", 9, Map.of("payload", orphanBlobJson())));

    // when
    ok("quarantine", "P2D");

    // then: verifyReferences saw the new row and moved the file back
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertLiveFilesUntouched();
  }

  @Test
  void aRowInsertedDuringGraceIsHealedByTheNextPurgeNeverDeleted() throws Exception {
    // given: quarantined, then a row commits that references it (race b)
    pipeline();
    ok("quarantine", "P2D");
    fx.insert(A, "blob_test", 9, Map.of("payload", orphanBlobJson()));

    // when: the next purge runs past grace
    ok("purge", "P10D");

    // then: healed, not deleted; every other orphan purged
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger().values()).filteredOn(s -> s.equals("PURGED")).hasSize(orphans.size() - 1);
    assertLiveFilesUntouched();
  }

  @Test
  void theSameContentUploadedAgainWhileQuarantinedKeepsTheLiveFileAndDropsTheTrashCopy() throws Exception {
    // given: quarantined; DataJoint's writer sees the path empty and uploads the bytes again (race c)
    pipeline();
    ok("quarantine", "P2D");
    assertThat(fx.exists(orphanBlob())).isFalse();
    fx.insert(A, "blob_test", 9, Map.of("payload", fx.putHash(A, ORPHAN_BLOB)));

    // when
    ok("purge", "P10D");

    // then
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertLiveFilesUntouched();
  }
}
