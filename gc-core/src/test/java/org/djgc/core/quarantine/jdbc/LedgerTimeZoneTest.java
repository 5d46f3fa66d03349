package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger.LedgerEvent;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every instant of the ledger is written and compared in UTC whatever the JVM's time zone and the
 * JDBC URL: a plain URL without driver options (as {@code gc.metadata.url} may be), a row written
 * by a JVM in UTC−11 and judged by a JVM in UTC+14 (spec §8.1).
 */
class LedgerTimeZoneTest {
  private static final String DATABASE = "djgc_tz_ledger";
  private static final String NAME = "tz";
  private static final org.djgc.core.storage.StoreIdentity STORE = org.djgc.core.storage.StoreIdentity.of("file:/tz");
  private static final Instant QUARANTINED = Instant.parse("2026-01-10T12:00:00.123456Z");
  private static final long GRACE = Duration.ofDays(7).toSeconds();

  private final TestDatabase db = TestDatabase.get();
  private final TimeZone original = TimeZone.getDefault();
  private JdbcQuarantineLedger ledger;

  @BeforeEach
  void createDatabase() {
    db.recreateSchema(DATABASE);
    MysqlDataSource plain = new MysqlDataSource();
    plain.setUrl(db.jdbcUrl() + DATABASE);
    plain.setUser(db.user());
    plain.setPassword(db.password());
    ledger = new JdbcQuarantineLedger(plain);
  }

  @AfterEach
  void restore() {
    TimeZone.setDefault(original);
    db.dropSchemas(DATABASE);
  }

  @Test
  void instantsAreStoredAndComparedInUtcWhateverTheJvmZone() throws Exception {
    // given: a row quarantined by a JVM in UTC−11
    long id = inZone("Pacific/Pago_Pago", () -> {
      ledger.initialize();
      ledger.recordMoving(List.of(entry("_hash/s/aaaa")), QUARANTINED.minusSeconds(60));
      long row = ledger.findByTrashPaths(STORE, List.of("_trash/run/_hash/s/aaaa")).get(0).id();
      ledger.markQuarantined(Map.of(row, "etag"), QUARANTINED);
      return row;
    });

    // then: the database holds UTC wall-clock values
    assertThat(raw("SELECT DATE_FORMAT(quarantined_at, '%Y-%m-%d %H:%i:%s.%f') FROM gc_quarantine WHERE id = " + id))
        .isEqualTo("2026-01-10 12:00:00.123456");
    assertThat(raw("SELECT DATE_FORMAT(state_changed_at, '%Y-%m-%d %H:%i:%s.%f') FROM gc_quarantine WHERE id = " + id))
        .isEqualTo("2026-01-10 12:00:00.123456");
    assertThat(raw("SELECT GROUP_CONCAT(DATE_FORMAT(at, '%H:%i:%s') ORDER BY id) FROM gc_quarantine_event"
        + " WHERE entry_id = " + id)).isEqualTo("11:59:00,12:00:00");

    // when: a JVM in UTC+14 judges it, 6 and 8 days later
    inZone("Pacific/Kiritimati", () -> {
      Instant sixDays = QUARANTINED.plus(Duration.ofDays(6)).minusSeconds(GRACE);
      Instant eightDays = QUARANTINED.plus(Duration.ofDays(8)).minusSeconds(GRACE);
      assertThat(ledger.dueForPurge(STORE, sixDays, 0, 10)).isEmpty();
      assertThat(ledger.countQuarantinedBefore(STORE, sixDays)).isZero();
      assertThat(ledger.dueForPurge(STORE, eightDays, 0, 10)).extracting(QuarantineEntry::id).containsExactly(id);
      assertThat(ledger.countQuarantinedBefore(STORE, eightDays)).isEqualTo(1);
      // the boundary itself is due (quarantined_at <= cutoff), a microsecond before it is not
      assertThat(ledger.dueForPurge(STORE, QUARANTINED, 0, 10)).hasSize(1);
      assertThat(ledger.dueForPurge(STORE, QUARANTINED.minusNanos(1000), 0, 10)).isEmpty();

      // and reads the same instants back
      QuarantineEntry entry = ledger.findById(id);
      assertThat(entry.quarantinedAt()).isEqualTo(QUARANTINED);
      assertThat(entry.stateChangedAt()).isEqualTo(QUARANTINED);
      assertThat(ledger.summarize(STORE)).singleElement()
          .satisfies(s -> assertThat(s.oldestQuarantinedAt()).isEqualTo(QUARANTINED));
      assertThat(ledger.events(STORE, "_hash/s/aaaa")).extracting(LedgerEvent::at)
          .containsExactly(QUARANTINED.minusSeconds(60), QUARANTINED);
      return null;
    });
  }

  @Test
  void aRebuiltRowAndTransitionsUseTheGivenInstantsInUtc() throws Exception {
    Instant rebuilt = Instant.parse("2026-03-01T23:30:00Z");
    long id = inZone("Pacific/Kiritimati", () -> {
      ledger.initialize();
      ledger.recordRebuilt(entry("_schema/s/t/f.dat"), rebuilt);
      long row = ledger.findByTrashPaths(STORE, List.of("_trash/run/_schema/s/t/f.dat")).get(0).id();
      ledger.markPurging(row, 7, rebuilt.plusSeconds(3600));
      return row;
    });
    assertThat(raw("SELECT CONCAT(DATE_FORMAT(quarantined_at, '%Y-%m-%d %H:%i'), ' ',"
        + " DATE_FORMAT(state_changed_at, '%Y-%m-%d %H:%i')) FROM gc_quarantine WHERE id = " + id))
        .isEqualTo("2026-03-01 23:30 2026-03-02 00:30");
    inZone("Pacific/Pago_Pago", () -> {
      QuarantineEntry entry = ledger.findById(id);
      assertThat(entry.state()).isEqualTo(QuarantineState.PURGING);
      assertThat(entry.quarantinedAt()).isEqualTo(rebuilt);
      assertThat(entry.stateChangedAt()).isEqualTo(rebuilt.plusSeconds(3600));
      return null;
    });
  }

  private static NewEntry entry(String path) {
    return new NewEntry(NAME, STORE, path.startsWith("_hash") ? SectionKind.HASH : SectionKind.SCHEMA, "s", path, path,
        "_trash/run/" + path, 4, Instant.parse("2026-01-01T00:00:00Z"), 1);
  }

  private String raw(String sql) throws Exception {
    try (Connection connection = db.dataSource().getConnection(); Statement s = connection.createStatement()) {
      s.execute("USE " + DATABASE);
      try (ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private <T> T inZone(String zone, Supplier<T> work) {
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    try {
      return work.get();
    } finally {
      TimeZone.setDefault(original);
    }
  }
}
