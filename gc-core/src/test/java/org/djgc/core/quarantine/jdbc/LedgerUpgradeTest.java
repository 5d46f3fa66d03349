package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.testing.SqlScript;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A ledger created by release 1 (tables created in place, no migration history) is taken over by
 * the versioned migrations: baselined, brought to the latest version, its rows intact and found by
 * the trash-path key the ledger now computes itself (release 1 had MySQL compute it).
 */
class LedgerUpgradeTest {
  private static final String DATABASE = "djgc_ledger_upgrade";
  private static final StoreIdentity STORE = StoreIdentity.of("file:/srv/upgraded");
  private static final String TRASH = "_trash/1/_schema/s/T/k=é/ü ñ.bin";

  private final TestDatabase db = TestDatabase.get();

  @AfterEach
  void dropDatabase() {
    db.dropSchemas(DATABASE);
  }

  @Test
  void aRelease1LedgerIsMigratedInPlaceAndItsRowsStayUsable() throws Exception {
    // given: release 1's tables and rows
    db.recreateSchema(DATABASE);
    DataSource source = db.dataSourceIn(DATABASE);
    run(source, release1Script());

    // when: this version starts on it, twice
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(source);
    ledger.initialize();
    ledger.initialize();

    // then: baselined at 0, migrated to the latest version once
    assertThat(history(source)).containsExactly("0:BASELINE", "1:JDBC");
    QuarantineEntry row = ledger.findByTrashPaths(STORE, List.of(TRASH)).get(0);
    assertThat(row.state()).isEqualTo(QuarantineState.QUARANTINED);
    assertThat(row.quarantinedAt()).isEqualTo(Instant.parse("2026-03-29T01:30:00.123456Z"));
    assertThat(ledger.events(STORE, row.originalPath())).extracting(e -> e.fromState() + ">" + e.toState())
        .containsExactly("null>MOVING", "MOVING>QUARANTINED");

    // and: the same trash path recorded again is the same key (no second row), and the row moves on
    ledger.recordMoving(List.of(new NewEntry("main", STORE, SectionKind.SCHEMA, "s", row.unitPath(),
        row.originalPath(), TRASH, 4, null, 2)), Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(ledger.page(STORE, java.util.EnumSet.allOf(QuarantineState.class), 0, 10)).hasSize(1);
    assertThat(ledger.markPurging(Map.of(row.id(), 1L), 3, Instant.parse("2026-04-02T00:00:00Z")))
        .containsExactly(row.id());
  }

  @Test
  void aLedgerANewerVersionMigratedFurtherIsRefusedNamingTheVersion() throws Exception {
    // given: a ledger at version 1, then migrated to version 2 by a newer dj-gc
    db.recreateSchema(DATABASE);
    DataSource source = db.dataSourceIn(DATABASE);
    new JdbcQuarantineLedger(source).initialize();
    run(source, "INSERT INTO " + LedgerMigrations.HISTORY_TABLE + " (installed_rank, version, description, type,"
        + " script, checksum, installed_by, execution_time, success) VALUES (99, '2', 'from the future', 'JDBC',"
        + " 'V2', 1, 'newer', 1, 1)");

    // when / then: this version refuses to start on it
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JdbcQuarantineLedger(source).initialize())
        .isInstanceOf(org.djgc.core.config.ConfigurationException.class)
        .hasMessage("The ledger's tables are at version 2 (gc_schema_history), migrated by a newer dj-gc; this one"
            + " knows versions up to 1 and does not use them: run the newer dj-gc");
  }

  private static String release1Script() throws IOException {
    try (InputStream in = LedgerUpgradeTest.class.getResourceAsStream("/ledger/release-1-mysql.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("STORE_ID", STORE.id())
          .replace("PLACE_ID", STORE.placeId());
    }
  }

  private static void run(DataSource source, String script) throws SQLException {
    try (Connection connection = source.getConnection(); Statement s = connection.createStatement()) {
      for (String statement : SqlScript.statements(script)) {
        s.execute(statement);
      }
    }
  }

  private static List<String> history(DataSource source) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = source.getConnection(); Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT version, type, success FROM " + LedgerMigrations.HISTORY_TABLE
            + " ORDER BY installed_rank")) {
      while (r.next()) {
        assertThat(r.getBoolean(3)).isTrue();
        rows.add(r.getString(1) + ":" + r.getString(2));
      }
    }
    return rows;
  }
}
