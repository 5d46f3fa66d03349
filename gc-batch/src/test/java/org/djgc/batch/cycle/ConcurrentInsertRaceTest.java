package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.StoreState;
import org.djgc.core.layout.HashPaths;
import org.junit.jupiter.api.Test;

/**
 * The races two-phase GC exists for (spec §9): a row that starts referencing an orphan while it is
 * being quarantined or during grace, and the same content uploaded again while quarantined.
 */
class ConcurrentInsertRaceTest extends CycleTestBase {
  private static final byte[] CONTENT = bytes("blob 1");

  private String orphanBlob() {
    return "_hash/" + A + "/" + HashPaths.computeHash(CONTENT);
  }

  private String blobJson() {
    return "{\"hash\": \"" + HashPaths.computeHash(CONTENT) + "\", \"path\": \"" + orphanBlob() + "\", \"schema\": \""
        + A + "\", \"store\": \"local\", \"size\": " + CONTENT.length + "}";
  }

  @Test
  void aRowInsertedBetweenDiscoveryAndMoveIsHealedByTheQuarantinesFinalStep() throws Exception {
    // given: a dedup insert that found the orphan present (exists() was true) commits after the
    // quarantine's snapshot, just before the file moves (race a)
    pipeline();
    CrashPoints.onNextReach("quarantine.afterLedgerInsert",
        () -> fx.insert(A, "blob_test", 9, Map.of("payload", blobJson())));

    // when
    ok("quarantine", "P2D");

    // then: verifyReferences saw the new row and moved the file back
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(CONTENT);
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertLiveFilesUntouched();
  }

  @Test
  void aRowInsertedDuringGraceIsHealedByTheNextPurgeNeverDeleted() throws Exception {
    // given: quarantined, then a row commits that references it (race b)
    pipeline();
    ok("quarantine", "P2D");
    fx.insert(A, "blob_test", 9, Map.of("payload", blobJson()));

    // when: the next purge runs past grace
    ok("purge", "P10D");

    // then: healed, not deleted; every other orphan purged
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(CONTENT);
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
    fx.insert(A, "blob_test", 9, Map.of("payload", fx.putHash(A, CONTENT)));

    // when
    ok("purge", "P10D");

    // then
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(CONTENT);
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertLiveFilesUntouched();
  }
}
