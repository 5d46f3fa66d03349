package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * Destructive steps claim their row with a compare-and-set right before touching storage (issue 8,
 * hole 5): a purge must not delete the trash copy of a {@code PURGING} row that another actor began
 * to heal between the purge's selection and its delete. Without the claim the delete went ahead,
 * the heal found neither copy and the row ended {@code MISSING}: a live row's file was lost.
 */
class ClaimRaceTest extends CycleTestBase {
  private static final long KILLED_PURGE = 987_654_321L;
  private static final long OTHER_ACTOR = 987_654_322L;

  @Test
  void aPurgingRowHealedByAnotherActorBetweenSelectionAndDeleteIsNotDeleted() throws Exception {
    // given: quarantined; a killed purge left the orphan blob's row PURGING (its trash copy still there)
    pipeline();
    ok("quarantine", "P2D");
    long id = rowId(orphanBlob());
    sql("UPDATE datajoint_gc.gc_quarantine SET state = 'PURGING', purge_execution_id = " + KILLED_PURGE
        + " WHERE id = " + id + " AND state = 'QUARANTINED'");
    // after this purge selected its rows, a late writer commits a row referencing the blob, and another
    // actor's heal, which saw that row, takes the PURGING row (its first step, → RESTORING)
    CrashPoints.onNextReach("purge.afterMarkPurging", () -> {
      fx.insert(A, "blob_test", 9, Map.of("payload", orphanBlobJson()));
      sql("UPDATE datajoint_gc.gc_quarantine SET state = 'RESTORING', restore_execution_id = " + OTHER_ACTOR
          + ", restore_reason = 'HEALED' WHERE id = " + id + " AND state = 'PURGING'");
    });

    // when: the purge goes on; then the heal finishes (the next purge finishes interrupted restores)
    GcCli.Result purge = run("purge", "P10D");
    GcCli.Result next = run("purge", "P10D");

    // then: the purge skipped the row it lost; the heal moved the file back; every other orphan is purged
    assertThat(storeRoot.resolve(orphanBlob())).as("the healed file").exists();
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(ExitCode.OK);
    assertThat(next.exitCode()).as(next.toString()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllBytes(storeRoot.resolve(orphanBlob()))).isEqualTo(ORPHAN_BLOB);
    assertThat(ledger()).containsEntry(orphanBlob(), "RESTORED/HEALED");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger().values()).filteredOn("PURGED"::equals).hasSize(orphans.size() - 1);
    assertLiveFilesUntouched();
  }

  private long rowId(String originalPath) throws Exception {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT id FROM datajoint_gc.gc_quarantine"
            + " WHERE store = ? AND original_path = ?")) {
      s.setString(1, STORE);
      s.setString(2, originalPath);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getLong(1);
      }
    }
  }

  private void sql(String statement) {
    db.execute(statement);
  }
}
