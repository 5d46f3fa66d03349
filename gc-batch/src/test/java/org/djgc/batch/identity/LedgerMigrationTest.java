package org.djgc.batch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.djgc.batch.job.support.LedgerAdoption;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.jdbc.JdbcQuarantineLedger;
import org.djgc.core.storage.local.LocalObjectStore;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger created by the previous version (rows keyed by store name) is migrated at startup, and
 * its rows are adopted by a store only when that store proves they are its own: two pipelines that
 * both called their store {@code main}, at different places, shared one table of legacy rows.
 */
class LedgerMigrationTest {
  private static final String DATABASE = "djgc_migration_test";
  /** The DDL of gc_quarantine before rows were keyed by identity, verbatim. */
  private static final String PREVIOUS_DDL = """
      CREATE TABLE IF NOT EXISTS gc_quarantine (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        store VARCHAR(255) NOT NULL,
        section ENUM('HASH','SCHEMA') NOT NULL,
        schema_name VARCHAR(64) NOT NULL,
        unit_path VARCHAR(2048) NOT NULL,
        original_path VARCHAR(2048) NOT NULL,
        trash_path VARCHAR(2048) NOT NULL,
        trash_path_sha256 BINARY(32) NOT NULL,
        size_bytes BIGINT NOT NULL,
        etag VARCHAR(255) NULL,
        object_mtime DATETIME(6) NULL,
        quarantined_at DATETIME(6) NULL,
        state ENUM('MOVING','QUARANTINED','PURGING','PURGED','RESTORING','RESTORED','CONFLICT','MISSING') NOT NULL,
        state_changed_at DATETIME(6) NOT NULL,
        quarantine_execution_id BIGINT NOT NULL,
        purge_execution_id BIGINT NULL,
        restore_execution_id BIGINT NULL,
        restore_reason ENUM('HEALED','OPERATOR') NULL,
        error VARCHAR(2048) NULL,
        UNIQUE KEY uq_gc_quarantine_trash (store, trash_path_sha256),
        KEY ix_gc_quarantine_state (store, state, quarantined_at),
        KEY ix_gc_quarantine_original (store, original_path(255))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""";
  private static final String HASH = "_hash/mig_a/kpqhgdrldpf7q6bxwbqrsnecmq";
  private static final String HASH_B = "_hash/mig_b/fk4tyofk2vp5ydbwvtqxzkvyui";
  private static final String OBJECT = "_schema/mig_a/t/id=1/f_tok1.dat";

  private final TestDatabase db = TestDatabase.get();
  @TempDir Path tmp;
  private DataSource dataSource;
  private Path rootA;
  private Path rootB;

  @BeforeEach
  void previousVersionTable() throws Exception {
    db.execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
    MysqlDataSource source = new MysqlDataSource();
    source.setUrl(db.jdbcUrl() + DATABASE + "?useSSL=false&allowPublicKeyRetrieval=true");
    source.setUser(db.user());
    source.setPassword(db.password());
    dataSource = source;
    execute(PREVIOUS_DDL);
    rootA = Files.createDirectories(tmp.resolve("a/store"));
    rootB = Files.createDirectories(tmp.resolve("b/store"));
  }

  @AfterEach
  void drop() {
    db.execute("DROP DATABASE IF EXISTS " + DATABASE);
  }

  @Test
  void theTableIsMigratedInPlaceOnceAndKeyedByIdentity() throws Exception {
    long row = legacy("main", "QUARANTINED", "HASH", HASH, "_trash/20260101T000000Z-1/" + HASH);
    Map<String, String> before = rows();

    new JdbcQuarantineLedger(dataSource).initialize();
    new JdbcQuarantineLedger(dataSource).initialize();

    assertThat(columns()).contains("store_id", "store_place", "claim_execution_id");
    assertThat(indexColumns("uq_gc_quarantine_trash")).isEqualTo("store_id,trash_path_sha256");
    assertThat(indexColumns("ix_gc_quarantine_state")).isEqualTo("store_id,state,quarantined_at");
    assertThat(indexColumns("ix_gc_quarantine_original")).isEqualTo("store_id,original_path");
    assertThat(rows()).as("existing rows unchanged").isEqualTo(before);
    assertThat(storeId(row)).isNull();
  }

  @Test
  void legacyRowsAreAdoptedOnlyByTheStoreThatHoldsTheirFiles() throws Exception {
    // given: legacy rows of two stores both called main, and of a store called other
    long aQuarantined = legacy("main", "QUARANTINED", "HASH", HASH, trash(1, HASH));
    write(rootA, trash(1, HASH));
    long bQuarantined = legacy("main", "QUARANTINED", "HASH", HASH_B, trash(2, HASH_B));
    write(rootB, trash(2, HASH_B));
    long aMovingInTrash = legacy("main", "MOVING", "HASH", HASH + "x", trash(1, HASH + "x"));
    write(rootA, trash(1, HASH + "x"));
    long aMovingSchema = legacy("main", "MOVING", "SCHEMA", OBJECT, trash(1, OBJECT));
    write(rootA, OBJECT);
    long bMovingHash = legacy("main", "MOVING", "HASH", HASH_B + "y", trash(2, HASH_B + "y"));
    write(rootB, HASH_B + "y");
    // a hash path names content: the same bytes may sit at the same path in another store
    long sameHashElsewhere = legacy("main", "MOVING", "HASH", HASH + "z", trash(2, HASH + "z"));
    write(rootA, HASH + "z");
    write(rootB, HASH + "z");
    long purged = legacy("main", "PURGED", "HASH", HASH + "p", trash(2, HASH + "p"));
    // a MISSING row may still be restored when its trash copy reappears: adopted only where it is
    long missingHere = legacy("main", "MISSING", "HASH", HASH + "m", trash(1, HASH + "m"));
    write(rootA, trash(1, HASH + "m"));
    long missingNowhere = legacy("main", "MISSING", "HASH", HASH + "n", trash(1, HASH + "n"));
    long otherName = legacy("other", "QUARANTINED", "HASH", HASH + "o", trash(1, HASH + "o"));
    write(rootA, trash(1, HASH + "o"));
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(dataSource);
    ledger.initialize();
    Map<String, String> before = rows();

    // when: a run of store main at A, then one at B
    LedgerAdoption.Result a;
    LedgerAdoption.Result b;
    try (LocalObjectStore storeA = new LocalObjectStore(rootA, tmp); LocalObjectStore storeB = new LocalObjectStore(rootB,
        tmp)) {
      a = new LedgerAdoption(ledger).adopt("main", storeA);
      b = new LedgerAdoption(ledger).adopt("main", storeB);

      // then: each store sees only the rows whose files it holds (terminal rows went to the first)
      assertThat(ids(ledger.page(storeA.identity(), EnumSet.allOf(QuarantineState.class), 0, 100)))
          .containsExactly(aQuarantined, aMovingInTrash, aMovingSchema, purged, missingHere);
      assertThat(ids(ledger.page(storeB.identity(), EnumSet.allOf(QuarantineState.class), 0, 100)))
          .containsExactly(bQuarantined);
    }
    assertThat(a).isEqualTo(new LedgerAdoption.Result(5, 4));
    assertThat(b).isEqualTo(new LedgerAdoption.Result(1, 3));
    for (long untouched : List.of(bMovingHash, sameHashElsewhere, otherName, missingNowhere)) {
      assertThat(storeId(untouched)).as("row " + untouched).isNull();
    }
    assertThat(rows()).as("nothing but the identity changed").isEqualTo(before);
  }

  @Test
  void oneTrashPathMayBeRecordedByTwoStoresAndOnceByEach() throws Exception {
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(dataSource);
    ledger.initialize();
    try (LocalObjectStore storeA = new LocalObjectStore(rootA, tmp); LocalObjectStore storeB = new LocalObjectStore(rootB,
        tmp)) {
      for (LocalObjectStore store : List.of(storeA, storeB, storeA)) {
        ledger.recordMoving(List.of(new NewEntry("main", store.identity(), SectionKind.HASH, "mig_a", HASH, HASH,
            trash(7, HASH), 3, Instant.parse("2026-01-01T00:00:00Z"), 7)), Instant.parse("2026-01-02T00:00:00Z"));
      }
      assertThat(ledger.findByTrashPaths(storeA.identity(), List.of(trash(7, HASH)))).hasSize(1);
      assertThat(ledger.findByTrashPaths(storeB.identity(), List.of(trash(7, HASH)))).hasSize(1);
      QuarantineEntry entry = ledger.findByTrashPaths(storeA.identity(), List.of(trash(7, HASH))).get(0);
      assertThat(entry.storeId()).isEqualTo(storeA.identity().id());
      assertThat(entry.claimExecutionId()).as("a MOVING row is claimed by its mover").isEqualTo(7L);
    }
  }

  @Test
  void rowsOfThePlaceUnderAnotherDeviceAreAdoptedWhenTheirTrashCopyIsHere() throws Exception {
    // given: rows recorded while the same directory had another device id (before a remount)
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(dataSource);
    ledger.initialize();
    try (LocalObjectStore store = new LocalObjectStore(rootA, tmp)) {
      org.djgc.core.storage.StoreIdentity before = new org.djgc.core.storage.StoreIdentity(store.identity().place(),
          store.identity().place() + " dev=999999");
      ledger.recordMoving(List.of(
          new NewEntry("main", before, SectionKind.HASH, "mig_a", HASH, HASH, trash(8, HASH), 3, null, 8),
          new NewEntry("main", before, SectionKind.HASH, "mig_a", HASH + "g", HASH + "g", trash(8, HASH + "g"), 3, null,
              8)), Instant.parse("2026-01-02T00:00:00Z"));
      write(rootA, trash(8, HASH));

      // when
      LedgerAdoption.Result result = new LedgerAdoption(ledger).adopt("main", store);

      // then: the row whose trash copy is here is this store's now; the other stays where it was
      assertThat(result).isEqualTo(new LedgerAdoption.Result(1, 1));
      assertThat(ledger.findByTrashPaths(store.identity(), List.of(trash(8, HASH), trash(8, HASH + "g"))))
          .extracting(QuarantineEntry::trashPath).containsExactly(trash(8, HASH));
      assertThat(ledger.findByTrashPaths(before, List.of(trash(8, HASH + "g")))).hasSize(1);
    }
  }

  private static String trash(long execution, String original) {
    return "_trash/20260101T000000Z-" + execution + "/" + original;
  }

  private static void write(Path root, String path) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, path.getBytes(StandardCharsets.UTF_8));
  }

  private long legacy(String store, String state, String section, String original, String trashPath) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO gc_quarantine"
        + " (store, section, schema_name, unit_path, original_path, trash_path, trash_path_sha256, size_bytes,"
        + " quarantined_at, state, state_changed_at, quarantine_execution_id) VALUES (?, ?, 'mig', ?, ?, ?,"
        + " UNHEX(SHA2(?, 256)), 3, '2026-01-01 00:00:00', ?, '2026-01-01 00:00:00', 1)",
        java.sql.Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, store);
      s.setString(2, section);
      s.setString(3, original);
      s.setString(4, original);
      s.setString(5, trashPath);
      s.setString(6, trashPath);
      s.setString(7, state);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Every row, by id, without the identity columns. */
  private Map<String, String> rows() throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id, store,"
        + " section, original_path, trash_path, state, state_changed_at, quarantine_execution_id FROM gc_quarantine");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 2; i <= 8; i++) {
          values.add(r.getString(i));
        }
        rows.put(r.getString(1), String.join("|", values));
      }
    }
    return rows;
  }

  private String storeId(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT store_id FROM gc_quarantine WHERE id = " + id);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getString(1);
    }
  }

  private List<String> columns() throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); ResultSet r = c.getMetaData().getColumns(DATABASE, null,
        "gc_quarantine", null)) {
      while (r.next()) {
        columns.add(r.getString("COLUMN_NAME"));
      }
    }
    return columns;
  }

  private String indexColumns(String index) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT"
        + " GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
        + " AND TABLE_NAME = 'gc_quarantine' AND INDEX_NAME = ?")) {
      s.setString(1, DATABASE);
      s.setString(2, index);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<Long> ids(List<QuarantineEntry> entries) {
    return entries.stream().map(QuarantineEntry::id).toList();
  }
}
