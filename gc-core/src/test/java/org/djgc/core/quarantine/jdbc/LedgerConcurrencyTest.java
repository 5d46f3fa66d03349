package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineLedger.Claim;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two dj-gc processes on different stores share one metadata database (spec §14.2 gap 12): the
 * ledger transaction of one must neither deadlock with nor wait on the other's open transaction,
 * and a transaction InnoDB still picks as a deadlock victim is retried instead of failing the run.
 * The other process is a second connection holding its transaction open at the step where the
 * soak found the deadlock.
 */
class LedgerConcurrencyTest {
  private static final org.djgc.core.jdbc.SqlDialect MYSQL = org.djgc.core.jdbc.MysqlDialect.INSTANCE;
  private static final String DATABASE = "djgc_ledger_concurrency";
  private static final StoreIdentity OURS = StoreIdentity.of("file:/ours");
  private static final StoreIdentity THEIRS = StoreIdentity.of("file:/theirs");
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final long EXECUTION = 7;

  private final TestDatabase db = TestDatabase.get();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private MysqlDataSource source;
  private JdbcQuarantineLedger ledger;

  @BeforeEach
  void createLedger() {
    db.recreateSchema(DATABASE);
    source = new MysqlDataSource();
    // a lock wait fails within seconds instead of InnoDB's default 50
    source.setUrl(db.jdbcUrl() + DATABASE + "?rewriteBatchedStatements=true"
        + "&sessionVariables=innodb_lock_wait_timeout=5");
    source.setUser(db.user());
    source.setPassword(db.password());
    ledger = new JdbcQuarantineLedger(source);
    ledger.initialize();
  }

  @AfterEach
  void dropDatabase() {
    executor.shutdownNow();
    db.dropSchemas(DATABASE);
  }

  @Test
  void aTransitionGoesThroughWhileAnotherProcessIsBetweenItsRowAndItsEvent() throws Exception {
    // given: our MOVING rows, and another process that has inserted its row but not yet its event
    List<Long> ours = moving(OURS, "m", 20);
    try (Connection other = source.getConnection()) {
      other.setAutoCommit(false);
      long theirs = insertRow(other, THEIRS, "t");

      // when: we finish our moves, and then the other process appends its event and commits
      Map<Long, String> etags = new HashMap<>();
      ours.forEach(id -> etags.put(id, "etag-" + id));
      Future<?> transition = executor.submit(() -> ledger.markQuarantined(etags, AT.plusSeconds(1)));
      waitUntilDoneOrWaiting(transition);
      insertEvent(other, theirs);
      other.commit();

      // then: both processes went through, with every row and event in place
      transition.get(30, TimeUnit.SECONDS);
      assertThat(ledger.findById(theirs).state()).isEqualTo(QuarantineState.MOVING);
      assertThat(eventCount(theirs)).isEqualTo(1);
    }
    for (long id : ours) {
      assertThat(ledger.findById(id).state()).isEqualTo(QuarantineState.QUARANTINED);
      assertThat(eventCount(id)).isEqualTo(2);
    }
  }

  @Test
  void newRowsAreRecordedWhileAnotherProcessIsBetweenItsTransitionAndItsEvents() throws Exception {
    // given: another process that has moved its rows on but not yet appended their events
    List<Long> theirs = moving(THEIRS, "t", 20);
    try (Connection other = source.getConnection()) {
      other.setAutoCommit(false);
      update(other, theirs, "state = 'QUARANTINED'");

      // when: we record new moves, and then the other process appends its events and commits
      Future<?> record = executor.submit(() -> ledger.recordMoving(entries(OURS, "m", 20), AT));
      waitUntilDoneOrWaiting(record);
      for (long id : theirs) {
        insertEvent(other, id);
      }
      other.commit();

      // then: both went through
      record.get(30, TimeUnit.SECONDS);
    }
    List<String> paths = entries(OURS, "m", 20).stream().map(NewEntry::trashPath).toList();
    List<Long> ours = ledger.findByTrashPaths(OURS, paths).stream().map(e -> e.id()).toList();
    assertThat(ours).hasSize(20);
    for (long id : ours) {
      assertThat(eventCount(id)).isEqualTo(1);
    }
    for (long id : theirs) {
      assertThat(eventCount(id)).isEqualTo(2);
    }
  }

  @Test
  void aDeadlockVictimIsRetriedAndItsClaimsStillCompareAndSet() throws Exception {
    // given: two of our rows, and another process with many changes that holds the second row
    List<Long> ours = moving(OURS, "m", 2);
    List<Long> theirs = moving(THEIRS, "t", 10);
    try (Connection other = source.getConnection()) {
      other.setAutoCommit(false);
      update(other, theirs, "error = 'busy'");
      try (Statement s = other.createStatement()) {
        s.executeQuery("SELECT id FROM gc_quarantine WHERE id = " + ours.get(1) + " FOR UPDATE").close();
      }

      // when: our claims take the first row and wait for the second, and the other process then
      // wants the first: a deadlock, whose victim is our smaller transaction
      Future<java.util.Set<Long>> claims = executor.submit(() -> ledger.claimAll(List.of(
          new Claim(ours.get(0), QuarantineState.MOVING, EXECUTION),
          new Claim(ours.get(1), QuarantineState.MOVING, EXECUTION)), EXECUTION + 1));
      assertThat(waitUntilDoneOrWaiting(claims)).as("our claims wait for the second row").isTrue();
      update(other, List.of(ours.get(0)), "error = 'seen'");
      other.commit();

      // then: the claims were retried after the other process committed, and hold both rows
      assertThat(claims.get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrderElementsOf(ours);
    }
    for (long id : ours) {
      assertThat(ledger.findById(id).claimExecutionId()).isEqualTo(EXECUTION + 1);
    }
    assertThat(ledger.findById(ours.get(0)).error()).isEqualTo("seen");
  }

  private List<Long> moving(StoreIdentity store, String prefix, int count) {
    List<NewEntry> entries = entries(store, prefix, count);
    ledger.recordMoving(entries, AT);
    List<Long> ids = new ArrayList<>();
    ledger.findByTrashPaths(store, entries.stream().map(NewEntry::trashPath).toList()).forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(count);
    return ids;
  }

  private static List<NewEntry> entries(StoreIdentity store, String prefix, int count) {
    List<NewEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "_hash/s/" + prefix + i;
      entries.add(new NewEntry("main", store, SectionKind.HASH, "s", path, path, "_trash/r/" + path, 4, AT, EXECUTION));
    }
    return entries;
  }

  /** The first statement of the other process's {@code recordMoving}: its row, uncommitted. */
  private static long insertRow(Connection other, StoreIdentity store, String name) throws Exception {
    String path = "_hash/s/" + name;
    try (PreparedStatement s = other.prepareStatement(new LedgerSql(MYSQL).insert, Statement.RETURN_GENERATED_KEYS)) {
      int i = 1;
      s.setString(i++, "main");
      s.setString(i++, store.id());
      s.setString(i++, store.placeId());
      s.setString(i++, "HASH");
      s.setString(i++, "s");
      s.setString(i++, path);
      s.setString(i++, path);
      s.setString(i++, "_trash/r/" + path);
      s.setBytes(i++, java.security.MessageDigest.getInstance("SHA-256")
          .digest(("_trash/r/" + path).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      s.setLong(i++, 4);
      MYSQL.bindInstant(s, i++, AT);
      MYSQL.bindInstant(s, i++, null);
      s.setString(i++, "MOVING");
      MYSQL.bindInstant(s, i++, AT);
      s.setLong(i++, EXECUTION + 100);
      s.setLong(i, EXECUTION + 100);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** The other process appends an event, as a plain insert of values. */
  private static void insertEvent(Connection other, long id) throws SQLException {
    try (PreparedStatement s = other.prepareStatement("INSERT INTO gc_quarantine_event (entry_id, from_state,"
        + " to_state, at, execution_id) VALUES (?, NULL, 'MOVING', ?, ?)")) {
      s.setLong(1, id);
      MYSQL.bindInstant(s, 2, AT);
      s.setLong(3, EXECUTION + 100);
      s.executeUpdate();
    }
  }

  private int eventCount(long id) throws SQLException {
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM gc_quarantine_event WHERE entry_id = " + id)) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Row by row, by primary key, as the ledger's transitions do: each statement locks its row alone. */
  private static void update(Connection other, List<Long> ids, String set) throws SQLException {
    try (Statement s = other.createStatement()) {
      for (long id : ids) {
        s.executeUpdate("UPDATE gc_quarantine SET " + set + " WHERE id = " + id);
      }
    }
  }

  /** Until the task finished (false), or some transaction waits for a lock (true). */
  private boolean waitUntilDoneOrWaiting(Future<?> task) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!task.isDone() && System.nanoTime() < deadline) {
      // INNODB_TRX does not list a transaction that waits for its first lock; the monitor's list of
      // transactions does (its section of the latest deadlock, which comes before, is skipped)
      try (Connection c = source.getConnection(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
        String status = r.next() ? r.getString(3) : "";
        int transactions = status.indexOf("\nTRANSACTIONS\n");
        if (transactions >= 0 && status.indexOf("LOCK WAIT", transactions) >= 0) {
          return true;
        }
      }
      Thread.sleep(20);
    }
    return false;
  }
}
