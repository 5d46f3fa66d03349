package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.jdbc.UtcInstants;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.LedgerConflictException;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger.LedgerSummary;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.testing.PipelineServer;
import org.djgc.core.testing.TestDatabase;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger behaves the same with its tables on MariaDB and on PostgreSQL (issue 12): migrations,
 * duplicate rows skipped, trash paths keyed by their SHA-256, instants to the microsecond in UTC
 * whatever the JVM's zone, null-safe compare-and-set claims, duplicate keys on adoption, events,
 * summaries and the server clock.
 */
class LedgerServersTest {
  private static final String SCHEMA = "djgc_ledger_servers";
  private static final StoreIdentity STORE = StoreIdentity.of("file:/srv/one");
  private static final StoreIdentity OTHER = StoreIdentity.of("file:/srv/two");
  /** Microseconds that a driver dropping fractions, or a zone shift, would change. */
  private static final Instant AT = Instant.parse("2026-03-29T01:30:00.123456Z");

  private PipelineServer server;

  static Stream<PipelineServer> servers() {
    return Stream.of(TestDatabase.get(), TestPostgres.get());
  }

  @AfterEach
  void dropSchema() {
    if (server != null) {
      server.dropSchemas(SCHEMA);
    }
  }

  private JdbcQuarantineLedger ledger(PipelineServer on) {
    server = on;
    on.recreateSchema(SCHEMA);
    JdbcQuarantineLedger ledger = new JdbcQuarantineLedger(on.dataSourceIn(SCHEMA));
    ledger.initialize();
    return ledger;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void migrationsRunOnceAndARunningLedgerIsAtTheLatestVersion(PipelineServer on) throws SQLException {
    // given: a ledger just created
    JdbcQuarantineLedger ledger = ledger(on);

    // when: a second process starts on it
    new JdbcQuarantineLedger(on.dataSourceIn(SCHEMA)).initialize();

    // then: migration 1 applied once, successfully, and the tables work
    assertThat(history(on.dataSourceIn(SCHEMA))).containsExactly("1:true");
    ledger.recordMoving(List.of(entry(STORE, "_hash/s/a", AT)), AT);
    assertThat(ledger.page(STORE, java.util.Set.of(QuarantineState.MOVING), 0, 10)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void processesStartingTogetherMigrateTheDatabaseOnce(PipelineServer on) throws Exception {
    server = on;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(STARTERS);
    try {
      for (int round = 0; round < 2; round++) {
        // given: a database holding Spring Batch's tables and no ledger yet (a first start, or an upgrade)
        on.recreateSchema(SCHEMA);
        on.execute("CREATE TABLE " + SCHEMA + ".batch_job_instance (job_instance_id BIGINT PRIMARY KEY)");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(STARTERS);
        List<java.util.concurrent.Future<?>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < STARTERS; i++) {
          starts.add(pool.submit(() -> {
            start.await();
            new JdbcQuarantineLedger(on.dataSourceIn(SCHEMA)).initialize();
            return null;
          }));
        }
        // then: every start succeeds, and migration 1 ran once
        for (java.util.concurrent.Future<?> each : starts) {
          each.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(history(on.dataSourceIn(SCHEMA))).containsExactly("1:true");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int STARTERS = 4;

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aProcessStartingWhileAnotherMigratesWaitsForItInsteadOfDecidingAlone(PipelineServer on) throws Exception {
    // given: another process migrating (it holds the migration lock; Flyway's own lock comes too
    // late: a second process deciding to baseline while the first has created the history table
    // but not yet filled it fails)
    server = on;
    on.recreateSchema(SCHEMA);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (var other = org.djgc.core.lock.StoreLock.tryAcquire(on.dataSource(), LedgerMigrations.LOCK).orElseThrow()) {
      // when: this process starts
      java.util.concurrent.Future<?> start = pool.submit(() -> {
        new JdbcQuarantineLedger(on.dataSourceIn(SCHEMA)).initialize();
        return null;
      });

      // then: it waits while the other holds the lock, and migrates once it is free
      Thread.sleep(1500);
      assertThat(start).isNotDone();
      other.close();
      start.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(history(on.dataSourceIn(SCHEMA))).containsExactly("1:true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void aRowRecordedTwiceIsOneRowWithOneEventAndItsPathIsFoundByItsHash(PipelineServer on) {
    JdbcQuarantineLedger ledger = ledger(on);
    NewEntry plain = entry(STORE, "_hash/s/a", AT);
    NewEntry accented = entry(STORE, "_schema/s/T/k=é/ü ñ.bin", AT);

    // when: a chunk recorded again after a crash, and the same trash path under another store
    ledger.recordMoving(List.of(plain, accented), AT);
    ledger.recordMoving(List.of(plain, accented), AT.plusSeconds(5));
    ledger.recordMoving(List.of(entry(OTHER, "_hash/s/a", AT)), AT);

    // then
    List<QuarantineEntry> rows = ledger.findByTrashPaths(STORE, List.of(plain.trashPath(), accented.trashPath()));
    assertThat(rows).extracting(QuarantineEntry::originalPath).containsExactly("_hash/s/a", "_schema/s/T/k=é/ü ñ.bin");
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.state()).isEqualTo(QuarantineState.MOVING);
      assertThat(row.stateChangedAt()).isEqualTo(AT);
      assertThat(row.claimExecutionId()).isEqualTo(7L);
    });
    assertThat(ledger.events(STORE, accented.originalPath())).extracting(e -> e.fromState() + ">" + e.toState())
        .containsExactly("null>MOVING");
    assertThat(ledger.findByTrashPaths(OTHER, List.of(plain.trashPath()))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void instantsKeepTheirMicrosecondsAndCompareInUtcWhateverTheJvmZone(PipelineServer on) {
    JdbcQuarantineLedger ledger = ledger(on);
    TimeZone jvm = TimeZone.getDefault();
    try {
      // given: rows written by a JVM eleven hours behind UTC
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
      ledger.recordMoving(List.of(entry(STORE, "_hash/s/a", AT)), AT);
      long id = ledger.findByTrashPaths(STORE, List.of("_trash/r/_hash/s/a")).get(0).id();
      ledger.markQuarantined(Map.of(id, "etag-a"), AT);

      // when: read by one fourteen hours ahead
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      QuarantineEntry row = ledger.findById(id);

      // then
      assertThat(row.quarantinedAt()).isEqualTo(AT);
      assertThat(row.objectMtime()).isEqualTo(AT);
      assertThat(row.etag()).isEqualTo("etag-a");
      assertThat(ledger.dueForPurge(STORE, AT, 0, 10)).extracting(QuarantineEntry::id).containsExactly(id);
      assertThat(ledger.dueForPurge(STORE, AT.minusNanos(1000), 0, 10)).isEmpty();
      assertThat(ledger.countQuarantinedBefore(STORE, AT)).isEqualTo(1);
      assertThat(ledger.countQuarantinedBefore(STORE, AT.minusNanos(1000))).isZero();
    } finally {
      TimeZone.setDefault(jvm);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void claimsAndTransitionsAreCompareAndSetWithNullHoldersEqual(PipelineServer on) {
    JdbcQuarantineLedger ledger = ledger(on);
    long a = quarantined(ledger, "a");
    long b = quarantined(ledger, "b");
    long c = quarantined(ledger, "c");
    // c's claim released (a restarted run's recovery leaves such rows): its holder is NULL
    on.execute("UPDATE " + SCHEMA + ".gc_quarantine SET claim_execution_id = NULL WHERE id = " + c);

    // when: purge claims a as read (holder 7), b with a holder it did not read, c with a holder
    // where it read NULL, and then c as read (NULL)
    List<Long> purging = ledger.markPurging(Map.of(a, 7L, b, 8L, c, 99L), 11, AT.plusSeconds(60));
    java.util.HashMap<Long, Long> asRead = new java.util.HashMap<>();
    asRead.put(c, null);
    List<Long> purgingNull = ledger.markPurging(asRead, 11, AT.plusSeconds(60));

    // then
    assertThat(purging).containsExactly(a);
    assertThat(purgingNull).containsExactly(c);
    assertThat(ledger.findById(b).state()).isEqualTo(QuarantineState.QUARANTINED);
    ledger.markPurged(List.of(a, c), AT.plusSeconds(61));
    assertThat(ledger.findByIds(List.of(a, b, c))).extracting(QuarantineEntry::state)
        .containsExactly(QuarantineState.PURGED, QuarantineState.QUARANTINED, QuarantineState.PURGED);
    assertThatThrownBy(() -> ledger.markPurged(b, AT.plusSeconds(62))).isInstanceOf(LedgerConflictException.class)
        .hasMessage("Ledger row " + b + ": expected state PURGING, found QUARANTINED");
    assertThat(ledger.events(STORE, "_hash/s/a")).extracting(e -> e.fromState() + ">" + e.toState() + "@"
        + e.executionId()).containsExactly("null>MOVING@7", "MOVING>QUARANTINED@7", "QUARANTINED>PURGING@11",
        "PURGING>PURGED@11");

    // and: restore and its reason
    ledger.markRestoring(b, QuarantineState.QUARANTINED, 12, RestoreReason.HEALED, AT.plusSeconds(70));
    ledger.markRestored(b, QuarantineState.RESTORING, 12, RestoreReason.HEALED, AT.plusSeconds(71));
    assertThat(ledger.findById(b).restoreReason()).isEqualTo(RestoreReason.HEALED);
    assertThat(ledger.summarize(STORE)).extracting(LedgerSummary::state, LedgerSummary::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(QuarantineState.PURGED, 2L),
            org.assertj.core.groups.Tuple.tuple(QuarantineState.RESTORED, 1L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void errorsAreRecordedWithTheirTransitionAndClearedByTheNext(PipelineServer on) {
    JdbcQuarantineLedger ledger = ledger(on);
    long conflict = quarantined(ledger, "a");
    long changed = quarantined(ledger, "b");
    long missing = quarantined(ledger, "c");

    // when
    ledger.markRestoring(conflict, QuarantineState.QUARANTINED, 12, RestoreReason.OPERATOR, AT.plusSeconds(1));
    ledger.markConflict(conflict, QuarantineState.RESTORING, "original exists with other content", AT.plusSeconds(2));
    ledger.markPurging(changed, 11, AT.plusSeconds(1));
    ledger.recordError(changed, QuarantineState.PURGING, "delete failed: timeout");
    ledger.markChanged(changed, "etag differs", AT.plusSeconds(2));
    ledger.markMissing(missing, QuarantineState.QUARANTINED, "x".repeat(3000), AT.plusSeconds(2));

    // then: each error is on its row, clipped, and the next transition clears it
    assertThat(ledger.findById(conflict).error()).isEqualTo("original exists with other content");
    assertThat(ledger.findById(changed).state()).isEqualTo(QuarantineState.CHANGED);
    assertThat(ledger.findById(changed).error()).isEqualTo("etag differs");
    assertThat(ledger.findById(missing).error()).hasSize(2000);
    ledger.markRestoring(conflict, QuarantineState.CONFLICT, 13, RestoreReason.OPERATOR, AT.plusSeconds(3));
    assertThat(ledger.findById(conflict).error()).isNull();
    assertThat(ledger.events(STORE, "_hash/s/a")).extracting(e -> e.toState() + ":" + e.detail()).containsExactly(
        "MOVING:null", "QUARANTINED:null", "RESTORING:null", "CONFLICT:original exists with other content",
        "RESTORING:null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void adoptingARowOntoATrashPathItsNewStoreAlreadyHasIsRefusedNotAnError(PipelineServer on) {
    JdbcQuarantineLedger ledger = ledger(on);
    ledger.recordMoving(List.of(entry(STORE, "_hash/s/a", AT), entry(OTHER, "_hash/s/a", AT),
        entry(OTHER, "_hash/s/b", AT)), AT);
    QuarantineEntry taken = ledger.findByTrashPaths(OTHER, List.of("_trash/r/_hash/s/a")).get(0);
    QuarantineEntry free = ledger.findByTrashPaths(OTHER, List.of("_trash/r/_hash/s/b")).get(0);

    assertThat(ledger.adopt(taken.id(), OTHER.id(), QuarantineState.MOVING, STORE)).isFalse();
    assertThat(ledger.adopt(free.id(), OTHER.id(), QuarantineState.MOVING, STORE)).isTrue();
    assertThat(ledger.findById(free.id()).storeId()).isEqualTo(STORE.id());
    assertThat(ledger.findById(taken.id()).storeId()).isEqualTo(OTHER.id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void theServerClockIsUtcToTheMicrosecond(PipelineServer on) throws SQLException {
    server = on;
    TimeZone jvm = TimeZone.getDefault();
    try (Connection connection = on.dataSource().getConnection()) {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      SqlDialect dialect = SqlDialect.of(connection);
      try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(dialect.utcNowQuery())) {
        r.next();
        assertThat(Duration.between(Instant.now(), UtcInstants.read(r, 1)).abs()).isLessThan(Duration.ofMinutes(1));
      }
    } finally {
      TimeZone.setDefault(jvm);
    }
  }

  private static List<String> history(DataSource dataSource) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT version, success FROM " + LedgerMigrations.HISTORY_TABLE
            + " WHERE version IS NOT NULL AND version <> '0' ORDER BY installed_rank")) {
      while (r.next()) {
        rows.add(r.getString(1) + ":" + r.getBoolean(2));
      }
    }
    return rows;
  }

  private static NewEntry entry(StoreIdentity store, String path, Instant mtime) {
    return new NewEntry("main", store, path.startsWith("_hash") ? SectionKind.HASH : SectionKind.SCHEMA, "s", path,
        path, "_trash/r/" + path, 4, mtime, 7);
  }

  private static long quarantined(JdbcQuarantineLedger ledger, String name) {
    NewEntry entry = entry(STORE, "_hash/s/" + name, AT);
    ledger.recordMoving(List.of(entry), AT);
    long id = ledger.findByTrashPaths(STORE, List.of(entry.trashPath())).get(0).id();
    ledger.markQuarantined(Map.of(id, "etag-" + name), AT);
    return id;
  }
}
