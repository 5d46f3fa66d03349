package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.djgc.batch.support.StoreState;
import org.djgc.core.layout.HashPaths;
import org.junit.jupiter.api.Test;

/**
 * {@code MOVING} recovery claims each row before it looks at, deletes or moves anything: a row held
 * by an execution whose process is alive (say, one that lost its store lock mid-chunk) is left
 * alone, and taken over once that process is gone.
 */
class RecoveryClaimTest extends CycleTestBase {
  private static final long LIVE_HOLDER = 987_654_323L;

  @Test
  void aMovingRowHeldByALiveExecutionIsLeftUntilThatExecutionIsGone() throws Exception {
    // given: the orphan blob mid-move by a live execution: both names exist, the row is MOVING, held
    pipeline();
    ok("quarantine", "P2D");
    String original = "_hash/" + A + "/" + HashPaths.computeHash(bytes("blob 1"));
    String trash = StoreState.trash(storeRoot).get(original);
    Files.createLink(storeRoot.resolve(original), storeRoot.resolve(trash));
    db.execute("UPDATE datajoint_gc.gc_quarantine SET state = 'MOVING', quarantined_at = NULL, claim_execution_id = "
        + LIVE_HOLDER + " WHERE store = '" + STORE + "' AND original_path = '" + original + "'");

    try (Connection holder = db.dataSource().getConnection()) {
      getLock(holder, "djgc-exec-" + LIVE_HOLDER);

      // when
      ok("quarantine", "P2D");

      // then: neither copy was touched and the row is still the holder's
      assertThat(storeRoot.resolve(original)).exists();
      assertThat(storeRoot.resolve(trash)).exists();
      assertThat(ledger()).containsEntry(original, "MOVING");
    }

    // when the holder is gone, the next run recovers the row (complete trash copy: the original goes)
    ok("quarantine", "P2D");
    assertThat(storeRoot.resolve(original)).doesNotExist();
    assertThat(Files.readAllBytes(storeRoot.resolve(trash))).isEqualTo(bytes("blob 1"));
    assertThat(ledger()).containsEntry(original, "QUARANTINED");
    assertLiveFilesUntouched();
  }

  private static void getLock(Connection connection, String name) throws Exception {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next() && r.getInt(1) == 1).isTrue();
      }
    }
  }
}
