package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.StoreState;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.storage.StoreIdentity;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, hole 6 and its neighbours on a local store: {@code verify --rebuild-ledger} judges only
 * the rows under the trash it listed and stats before any {@code MISSING}, and re-checks the store
 * lock before repairing; an operator restore takes {@code PURGING} and reappeared {@code MISSING}
 * rows; a restore killed between link and unlink is finished, not reported as a conflict.
 */
public class VerifyRestoreSafetyTest extends CycleTestBase {

  private String orphanEnding(String suffix) {
    return orphans.stream().filter(p -> p.endsWith(suffix)).findFirst().orElseThrow();
  }

  private Path trashCopy(String original) {
    return storeRoot.resolve(StoreState.trash(storeRoot).get(original));
  }

  private static void move(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.move(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rebuildUnderAnotherTrashPrefixLeavesTheRowsItCannotJudge() throws Exception {
    // given: quarantined under the default trash _trash
    pipeline();
    ok("quarantine", "P2D");
    Map<String, String> trash = StoreState.trash(storeRoot);
    assertThat(trash).hasSize(orphans.size());

    // when: the ledger is "rebuilt" from another trash prefix
    var rebuilt = job("verify", "--rebuild-ledger", "--gc.trash-prefix=_trash2");

    // then: nothing is judged MISSING, the run names each row it could not judge, nothing moved
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((p, s) -> assertThat(s).isEqualTo("QUARANTINED"));
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(rebuilt.out()).contains("\"not_judged\" : " + orphans.size(), "\"missing\" : 0",
        "NOT JUDGED " + trash.get(orphanEnding(".dat")));
    assertThat(StoreState.trash(storeRoot)).isEqualTo(trash);

    // when: an operator restores one file, then a purge runs past grace
    ok("restore", "P2D", "--path=" + orphanEnding(".dat"));
    var purge = ok("purge", "P10D");

    // then: the restored file is back, every other orphan is purged normally, live files untouched
    assertThat(Files.readString(storeRoot.resolve(orphanEnding(".dat")))).isEqualTo("file 1");
    assertThat(purge.out()).contains("\"purged\" : " + (orphans.size() - 1));
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(ledger()).containsEntry(orphanEnding(".dat"), "RESTORED/OPERATOR").hasSize(orphans.size())
        .allSatisfy((p, s) -> assertThat(s).isIn("PURGED", p.equals(orphanEnding(".dat")) ? s : "PURGED"));
    assertLiveFilesUntouched();
  }

  @Test
  void aTrashCopyTheListingMissedIsStatBeforeAnyMissing() throws Exception {
    // given: a trash copy that is away while verify lists, and back before it repairs
    pipeline();
    ok("quarantine", "P2D");
    String file = orphanEnding(".dat");
    String trashPath = StoreState.trash(storeRoot).get(file);
    Path copy = storeRoot.resolve(trashPath);
    Path aside = tmp.resolve("aside.dat");
    move(copy, aside);
    CrashPoints.onNextReach("verify.afterListing", () -> move(aside, copy));

    // when
    var rebuilt = job("verify", "--rebuild-ledger");

    // then: the row stays QUARANTINED and the inconsistency is reported
    assertThat(ledger()).containsEntry(file, "QUARANTINED");
    assertThat(Files.exists(copy)).isTrue();
    assertThat(rebuilt.out()).contains("UNLISTED " + trashPath, "\"missing\" : 0");
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
  }

  @Test
  void aMissingRowWhoseFileReappearsIsRestored() throws Exception {
    // given: two trash copies vanish and verify marks their rows MISSING; one of them comes back
    pipeline();
    ok("quarantine", "P2D");
    String back = orphanEnding(".dat");
    String gone = orphanEnding(".npy");
    Path copy = trashCopy(back);
    Path aside = tmp.resolve("aside.dat");
    move(copy, aside);
    Files.delete(trashCopy(gone));
    job("verify", "--rebuild-ledger");
    assertThat(ledger()).containsEntry(back, "MISSING").containsEntry(gone, "MISSING");
    move(aside, copy);

    // when
    var restored = ok("restore", "P2D", "--path=" + back);

    // then: the file that reappeared is back at its original path
    assertThat(Files.readString(storeRoot.resolve(back))).isEqualTo("file 1");
    assertThat(Files.exists(copy)).isFalse();
    assertThat(ledger()).containsEntry(back, "RESTORED/OPERATOR");
    assertThat(restored.out()).contains("\"restored_operator\" : 1");

    // when: the one still gone is asked for
    var missing = run("restore", "P2D", "--path=" + gone);

    // then: the run says so (exit 1) and the row stays MISSING
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(missing.out()).contains("MISSING " + gone);
    assertThat(ledger()).containsEntry(gone, "MISSING");
    assertThat(Files.exists(storeRoot.resolve(gone))).isFalse();
  }

  @Test
  void aMissingRowWhoseFileReappearsIsHealedWhenALiveRowReferencesIt() throws Exception {
    // given: a hash orphan's row wrongly MISSING (its copy was away while verify rebuilt), the copy back
    pipeline();
    ok("quarantine", "P2D");
    String blob = orphans.stream().filter(p -> p.startsWith("_hash/")).findFirst().orElseThrow();
    Path copy = trashCopy(blob);
    Path aside = tmp.resolve("aside.blob");
    move(copy, aside);
    job("verify", "--rebuild-ledger");
    assertThat(ledger()).containsEntry(blob, "MISSING");
    move(aside, copy);
    // and a late writer (its dedup check saw the file before the move) commits a row referencing it
    String hash = blob.substring(blob.lastIndexOf('/') + 1);
    fx.insert(A, "blob_test", 3, Map.of("payload", "{\"hash\": \"" + hash + "\", \"path\": \"" + blob
        + "\", \"schema\": \"" + A + "\", \"store\": \"" + STORE + "\", \"size\": 6}"));

    // when: a purge inside grace heals
    var heal = ok("purge", "P3D");

    // then
    assertThat(ledger()).containsEntry(blob, "RESTORED/HEALED");
    assertThat(Files.readString(storeRoot.resolve(blob))).isEqualTo("blob 1");
    assertThat(Files.exists(copy)).isFalse();
    assertThat(heal.out()).contains("\"restored_healed\" : 1");
  }

  @Test
  void anOperatorRestoreTakesThePurgingRowsOfAKilledPurge() {
    // given: a purge past grace dies right after its first delete; the other rows stay PURGING (one
    // storage thread: with several, the deletes under way finish and may, on a busy machine, be all)
    pipeline();
    ok("quarantine", "P2D");
    CrashPoints.onNextReach("purge.afterDelete", () -> {
      throw new IllegalStateException("killed after the first delete");
    });
    var killed = run("purge", "P10D", "--gc.storage-concurrency=1");
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((p, s) -> assertThat(s).isEqualTo("PURGING"));
    Set<String> inTrash = StoreState.trash(storeRoot).keySet();
    Set<String> deleted = new TreeSet<>(orphans);
    deleted.removeAll(inTrash);
    assertThat(deleted).isNotEmpty().hasSizeLessThan(orphans.size());

    // when: the operator restores the schema's rows
    var restore = run("restore", "P10D");

    // then: every row still in the trash is back; the deleted ones are PURGED and named (exit 1)
    assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(restore.out()).contains("\"restored_operator\" : " + inTrash.size()).contains(deleted);
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(inTrash);
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    deleted.forEach(p -> assertThat(ledger()).containsEntry(p, "PURGED"));
    inTrash.forEach(p -> assertThat(ledger()).containsEntry(p, "RESTORED/OPERATOR"));

    // and a later purge deletes none of them
    var purge = ok("purge", "P10D");
    assertThat(purge.out()).contains("\"purged\" : 0");
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(inTrash);
    assertLiveFilesUntouched();
  }

  @Test
  void aRestoreKilledBetweenLinkAndUnlinkIsFinished() throws Exception {
    // given: a restore died after linking the original to the trash copy (two names, one inode)
    pipeline();
    ok("quarantine", "P2D");
    String file = orphanEnding(".dat");
    Path copy = trashCopy(file);
    Files.createDirectories(storeRoot.resolve(file).getParent());
    Files.createLink(storeRoot.resolve(file), copy);
    db.execute("UPDATE datajoint_gc.gc_quarantine SET state = 'RESTORING', restore_execution_id ="
        + " quarantine_execution_id, restore_reason = 'OPERATOR' WHERE store = 'local' AND original_path = '" + file
        + "'");
    // and another orphan's original holds an equal copy that is not the same file
    String npy = orphanEnding(".npy");
    Files.createDirectories(storeRoot.resolve(npy).getParent());
    Files.copy(trashCopy(npy), storeRoot.resolve(npy));

    // when
    var restored = ok("restore", "P2D", "--path=" + file);

    // then: the trash name is dropped, the file is at its original path, RESTORED
    assertThat(ledger()).containsEntry(file, "RESTORED/OPERATOR");
    assertThat(Files.exists(copy)).isFalse();
    assertThat(Files.readString(storeRoot.resolve(file))).isEqualTo("file 1");
    assertThat(restored.out()).contains("\"restored_operator\" : 1");

    // when: the equal but distinct file is in the way
    var conflict = run("restore", "P2D", "--path=" + npy);

    // then: a conflict, both kept
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(ledger()).containsEntry(npy, "CONFLICT/OPERATOR");
    assertThat(Files.exists(trashCopy(npy))).isTrue();
    assertThat(Files.exists(storeRoot.resolve(npy))).isTrue();
  }

  @Test
  void rebuildChecksTheStoreLockBeforeRepairing() throws Exception {
    // given: drift to repair (a vanished trash copy, a lost ledger row), and the store lock lost
    // between verify's listing and its repairs
    pipeline();
    ok("quarantine", "P2D");
    String vanished = orphanEnding(".dat");
    Files.delete(trashCopy(vanished));
    String forgotten = orphanEnding(".npy");
    db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'local' AND original_path = '" + forgotten + "'");
    List<String> names = List.of(StoreIdentity.of("file:" + storeRoot).lockName(),
        StoreIdentity.of("file:" + storeRoot.toRealPath()).lockName());
    boolean[] killed = {false};
    CrashPoints.onNextReach("verify.afterListing", () -> killed[0] = killLockHolder(names));

    // when
    var rebuilt = job("verify", "--rebuild-ledger");

    // then: the run stops (exit 5) and repairs nothing
    assertThat(killed[0]).as("the store lock's connection was found and killed").isTrue();
    assertThat(ledger()).containsEntry(vanished, "QUARANTINED").doesNotContainKey(forgotten);
    assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(rebuilt.toString()).contains("Lost the store lock");
  }

  @Test
  void anExistingLedgerLearnsTheNewStateAtStartup() {
    // given: a ledger table created before the CHANGED state existed, by a release that kept no
    // migration history
    job("stats");
    db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE state NOT IN ('MOVING','QUARANTINED','PURGING',"
        + "'PURGED','RESTORING','RESTORED','CONFLICT','MISSING')");
    db.execute("ALTER TABLE datajoint_gc.gc_quarantine MODIFY state ENUM('MOVING','QUARANTINED','PURGING','PURGED',"
        + "'RESTORING','RESTORED','CONFLICT','MISSING') NOT NULL");
    db.execute("DROP TABLE datajoint_gc.gc_schema_history");

    // when: any job starts (twice: the migration is idempotent)
    assertThat(job("stats").exitCode()).isEqualTo(ExitCode.OK);
    assertThat(job("stats").exitCode()).isEqualTo(ExitCode.OK);

    // then
    assertThat(stateColumnType()).contains("'CHANGED'").startsWith("enum('MOVING','QUARANTINED'");
  }

  private String stateColumnType() {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT COLUMN_TYPE FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = 'datajoint_gc' AND TABLE_NAME = 'gc_quarantine' AND COLUMN_NAME = 'state'");
        ResultSet r = s.executeQuery()) {
      assertThat(r.next()).isTrue();
      return r.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kills the connection that holds one of these locks; true when one did. */
  private boolean killLockHolder(List<String> lockNames) {
    try (Connection connection = db.dataSource().getConnection()) {
      for (String name : lockNames) {
        try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
          s.setString(1, name);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            long holder = r.getLong(1);
            if (!r.wasNull()) {
              try (PreparedStatement kill = connection.prepareStatement("KILL CONNECTION " + holder)) {
                kill.execute();
              }
              return true;
            }
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
