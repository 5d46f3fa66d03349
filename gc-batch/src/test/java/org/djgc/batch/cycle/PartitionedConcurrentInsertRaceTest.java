package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/** {@link ConcurrentInsertRaceTest} with the scan cut into 8 partitions (issue 11): the same outcomes. */
class PartitionedConcurrentInsertRaceTest extends ConcurrentInsertRaceTest {
  @Override
  protected List<String> backendArguments() {
    return List.of("--gc.partitions=8", "--gc.partition-threads=3");
  }

  @Test
  void aRowInsertedWhileTheSlicesAreScannedIsHealedByTheQuarantinesFinalStep() throws Exception {
    // given: a dedup insert commits after the one snapshot, while the partitions list their slices
    pipeline();
    CrashPoints.onNextReach("quarantine.scanSlice.listed",
        () -> fx.insert(A, "blob_test", 9, Map.of("payload", orphanBlobJson())));

    // when
    ok("quarantine", "P2D");

    // then: judged by the snapshot, moved, and moved back by verifyReferences' fresh snapshot
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertLiveFilesUntouched();
  }
}
