package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * Found by the interleaving chains (issue 9): a restore killed after moving a file back leaves its
 * row {@code RESTORING}; a quarantine before the next purge moved the same path again under a new
 * row, and the purge then finished the old row as {@code MISSING} (exit 1): neither its trash copy
 * nor the original existed. An original path owned by an unfinished restore is not quarantined again
 * until a purge's heal has finished that restore.
 */
class InterruptedRestoreTest extends CycleTestBase {

  @Test
  void aPathWhoseRestoreWasKilledIsNotQuarantinedAgainBeforeThePurgeFinishesTheRestore() throws Exception {
    // given: the orphaned blob quarantined, then an operator restore killed after its move back
    pipeline();
    ok("quarantine", "P2D");
    killAt("restore.afterMoveBack");
    var killed = run("restore", "P3D", "--path=" + orphanBlob());
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORING/OPERATOR");

    // when: a quarantine runs before any purge, then the purge
    ok("quarantine", "P4D");
    ok("purge", "P5D");

    // then: the file stayed at its path, and the purge finished the restore without an error
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/OPERATOR");
    assertThat(StoreState.trash(storeRoot)).doesNotContainKey(orphanBlob());

    // and: once finished, the path is an ordinary orphan again
    ok("quarantine", "P6D");
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/OPERATOR,QUARANTINED");
    assertLiveFilesUntouched();
  }
}
