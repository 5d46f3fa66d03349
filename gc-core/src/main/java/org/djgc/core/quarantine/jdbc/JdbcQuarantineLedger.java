package org.djgc.core.quarantine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.jdbc.UtcInstants;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.quarantine.LedgerConflictException;
import org.djgc.core.quarantine.NewEntry;
import org.djgc.core.quarantine.QuarantineEntry;
import org.djgc.core.quarantine.QuarantineLedger;
import org.djgc.core.quarantine.QuarantineState;
import org.djgc.core.quarantine.RestoreReason;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreIdentity;

/**
 * The ledger in dj-gc's metadata database ({@code gc_quarantine}), on MySQL/MariaDB or PostgreSQL
 * ({@link SqlDialect}); its tables are created and upgraded by versioned migrations
 * ({@link LedgerMigrations}). Connections
 * come straight from the {@link DataSource} in autocommit mode, so each call commits on its own
 * and never joins a surrounding Spring Batch chunk transaction.
 */
public final class JdbcQuarantineLedger implements QuarantineLedger {
  private static final int MAX_ERROR = 2000;

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final LedgerSql sql;

  /** A ledger in {@code dataSource}'s database, whose server (and so dialect) is asked once, here. */
  public JdbcQuarantineLedger(DataSource dataSource) {
    this(dataSource, dialectOf(dataSource));
  }

  public JdbcQuarantineLedger(DataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.sql = new LedgerSql(dialect);
  }

  private static SqlDialect dialectOf(DataSource dataSource) {
    try {
      return SqlDialect.of(dataSource);
    } catch (SQLException e) {
      throw new StorageException("Ledger " + LedgerSql.TABLE + ": cannot reach the metadata database: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void initialize() {
    try {
      LedgerMigrations.migrate(dataSource, dialect);
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new StorageException("Ledger " + LedgerSql.TABLE + ": cannot migrate its tables to version "
          + LedgerMigrations.latestVersion() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<QuarantineEntry> unadopted(String name, StoreIdentity store, long afterId, int limit) {
    return query(LedgerSql.UNADOPTED, s -> {
      s.setLong(1, afterId);
      s.setString(2, name);
      s.setString(3, store.placeId());
      s.setString(4, store.id());
      s.setInt(5, limit);
    });
  }

  @Override
  public int adoptTerminal(String name, StoreIdentity store) {
    return run(connection -> {
      try (PreparedStatement s = connection.prepareStatement(LedgerSql.ADOPT_TERMINAL)) {
        s.setString(1, store.id());
        s.setString(2, store.placeId());
        s.setString(3, name);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public boolean adopt(long id, String fromStoreId, QuarantineState state, StoreIdentity store) {
    try {
      return run(connection -> {
        try (PreparedStatement s = connection.prepareStatement(sql.adopt)) {
          s.setString(1, store.id());
          s.setString(2, store.placeId());
          s.setLong(3, id);
          s.setString(4, fromStoreId);
          s.setString(5, state.name());
          return s.executeUpdate() == 1;
        }
      });
    } catch (StorageException e) {
      if (e.getCause() instanceof SQLException cause && dialect.isDuplicateKey(cause)) {
        return false; // the store already has a row with this trash path
      }
      throw e;
    }
  }

  @Override
  public boolean claim(long id, QuarantineState state, Long expectedHolder, long executionId) {
    return claimAll(List.of(new Claim(id, state, expectedHolder)), executionId).contains(id);
  }

  @Override
  public Set<Long> claimAll(Collection<Claim> claims, long executionId) {
    if (claims.isEmpty()) {
      return Set.of();
    }
    List<Claim> order = new ArrayList<>(claims);
    // one transaction, one commit: each UPDATE is still its own compare-and-set on its row
    int[] counts = inTransaction(connection -> {
      try (PreparedStatement s = connection.prepareStatement(sql.claim)) {
        for (Claim claim : order) {
          s.setLong(1, executionId);
          s.setLong(2, claim.id());
          s.setString(3, claim.state().name());
          if (claim.expectedHolder() == null) {
            s.setNull(4, java.sql.Types.BIGINT);
          } else {
            s.setLong(4, claim.expectedHolder());
          }
          s.addBatch();
        }
        return s.executeBatch();
      }
    });
    Set<Long> held = new java.util.HashSet<>();
    java.util.Map<Long, Claim> unsure = new java.util.LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      Claim claim = order.get(i);
      if (counts[i] == 1) {
        held.add(claim.id());
      } else if (counts[i] == Statement.SUCCESS_NO_INFO || Long.valueOf(executionId).equals(claim.expectedHolder())) {
        unsure.put(claim.id(), claim); // no count, or 0 affected rows for a claim that was already ours
      }
    }
    for (QuarantineEntry now : findByIds(unsure.keySet())) {
      if (now.state() == unsure.get(now.id()).state() && Long.valueOf(executionId).equals(now.claimExecutionId())) {
        held.add(now.id());
      }
    }
    return held;
  }

  @Override
  public void recordMoving(Collection<NewEntry> entries, Instant at) {
    insert(entries, QuarantineState.MOVING, null, at);
  }

  @Override
  public void recordRebuilt(NewEntry entry, Instant quarantinedAt) {
    insert(List.of(entry), QuarantineState.QUARANTINED, quarantinedAt, quarantinedAt);
  }

  private void insert(Collection<NewEntry> entries, QuarantineState state, Instant quarantinedAt, Instant at) {
    if (entries.isEmpty()) {
      return;
    }
    inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(sql.insert)) {
        for (NewEntry entry : entries) {
          int i = 1;
          insert.setString(i++, entry.store());
          insert.setString(i++, entry.identity().id());
          insert.setString(i++, entry.identity().placeId());
          insert.setString(i++, entry.section().name());
          insert.setString(i++, entry.schema());
          insert.setString(i++, entry.unitPath());
          insert.setString(i++, entry.originalPath());
          insert.setString(i++, entry.trashPath());
          insert.setBytes(i++, sha256(entry.trashPath()));
          insert.setLong(i++, entry.sizeBytes());
          dialect.bindInstant(insert, i++, entry.objectMtime());
          dialect.bindInstant(insert, i++, quarantinedAt);
          insert.setString(i++, state.name());
          dialect.bindInstant(insert, i++, java.util.Objects.requireNonNull(at, "at"));
          insert.setLong(i++, entry.executionId());
          // a MOVING row is claimed by the execution about to move its file
          if (state == QuarantineState.MOVING) {
            insert.setLong(i, entry.executionId());
          } else {
            insert.setNull(i, java.sql.Types.BIGINT);
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      // rows that already existed (skipped as duplicates) have their event already
      String marks = entries.stream().map(e -> "?").collect(Collectors.joining(", "));
      appendEvents(connection, null, "WHERE store_id = ? AND trash_path_sha256 IN (" + marks + ") AND NOT EXISTS"
          + " (SELECT 1 FROM gc_quarantine_event e WHERE e.entry_id = gc_quarantine.id)", s -> {
            int i = 1;
            s.setString(i++, entries.iterator().next().identity().id());
            for (NewEntry entry : entries) {
              s.setBytes(i++, sha256(entry.trashPath()));
            }
          });
      return null;
    });
  }

  @Override
  public List<QuarantineEntry> findByTrashPaths(StoreIdentity store, Collection<String> trashPaths) {
    if (trashPaths.isEmpty()) {
      return List.of();
    }
    String marks = trashPaths.stream().map(p -> "?").collect(Collectors.joining(", "));
    return query(LedgerSql.SELECT + "WHERE store_id = ? AND trash_path_sha256 IN (" + marks + ") ORDER BY id", s -> {
      int i = 1;
      s.setString(i++, store.id());
      for (String path : trashPaths) {
        s.setBytes(i++, sha256(path));
      }
    });
  }

  @Override
  public QuarantineEntry findById(long id) {
    List<QuarantineEntry> rows = query(LedgerSql.SELECT + "WHERE id = ?", s -> s.setLong(1, id));
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public List<QuarantineEntry> page(StoreIdentity store, Set<QuarantineState> states, long afterId, int limit) {
    String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    return query(LedgerSql.SELECT + "WHERE store_id = ? AND state IN (" + in + ") AND id > ? ORDER BY id LIMIT ?", s -> {
      s.setString(1, store.id());
      s.setLong(2, afterId);
      s.setInt(3, limit);
    });
  }

  @Override
  public List<QuarantineEntry> dueForPurge(StoreIdentity store, Instant cutoff, long afterId, int limit) {
    return query(LedgerSql.SELECT + "WHERE store_id = ? AND state = 'QUARANTINED' AND quarantined_at <= ? AND id > ?"
        + " ORDER BY id LIMIT ?", s -> {
          s.setString(1, store.id());
          dialect.bindInstant(s, 2, cutoff);
          s.setLong(3, afterId);
          s.setInt(4, limit);
        });
  }

  @Override
  public long countQuarantinedBefore(StoreIdentity store, Instant cutoff) {
    return run(connection -> {
      try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM gc_quarantine WHERE store_id = ?"
          + " AND state = 'QUARANTINED' AND quarantined_at <= ?")) {
        s.setString(1, store.id());
        dialect.bindInstant(s, 2, cutoff);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  @Override
  public List<QuarantineEntry> history(StoreIdentity store, String originalPath) {
    return query(LedgerSql.SELECT + "WHERE store_id = ? AND original_path = ? ORDER BY id", s -> {
      s.setString(1, store.id());
      s.setString(2, originalPath);
    });
  }

  @Override
  public void markQuarantined(long id, Instant at, String etag) {
    transition(id, QuarantineState.MOVING, QuarantineState.QUARANTINED, at, ", quarantined_at = ?, etag = ?",
        s -> {
          dialect.bindInstant(s, 3, at);
          s.setString(4, etag);
        });
  }

  @Override
  public void markQuarantined(java.util.Map<Long, String> etagsById, Instant at) {
    batchTransition(etagsById.keySet(), QuarantineState.MOVING, QuarantineState.QUARANTINED, at,
        ", quarantined_at = ?, etag = ?", (s, id) -> {
          dialect.bindInstant(s, 3, at);
          s.setString(4, etagsById.get(id));
        });
  }

  @Override
  public List<Long> markPurging(java.util.Map<Long, Long> expectedHolders, long executionId, Instant at) {
    if (expectedHolders.isEmpty()) {
      return List.of();
    }
    List<Long> order = new ArrayList<>(expectedHolders.keySet());
    return inTransaction(connection -> {
      int[] counts;
      try (PreparedStatement s = connection.prepareStatement(sql.claimPurging)) {
        for (long id : order) {
          dialect.bindInstant(s, 1, at);
          s.setLong(2, executionId);
          s.setLong(3, executionId);
          s.setLong(4, id);
          Long holder = expectedHolders.get(id);
          if (holder == null) {
            s.setNull(5, java.sql.Types.BIGINT);
          } else {
            s.setLong(5, holder);
          }
          s.addBatch();
        }
        counts = s.executeBatch();
      }
      List<Long> changed = new ArrayList<>();
      boolean unknown = false;
      for (int i = 0; i < counts.length; i++) {
        unknown |= counts[i] == Statement.SUCCESS_NO_INFO;
        if (counts[i] == 1) {
          changed.add(order.get(i));
        }
      }
      if (unknown) {
        changed.clear();
        String in = order.stream().map(String::valueOf).collect(Collectors.joining(", "));
        try (PreparedStatement s = connection.prepareStatement("SELECT id FROM gc_quarantine WHERE id IN (" + in
            + ") AND state = 'PURGING' AND claim_execution_id = ? AND purge_execution_id = ? AND state_changed_at = ?")) {
          s.setLong(1, executionId);
          s.setLong(2, executionId);
          dialect.bindInstant(s, 3, at);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              changed.add(r.getLong(1));
            }
          }
        }
      }
      if (!changed.isEmpty()) {
        recordEvents(connection, QuarantineState.QUARANTINED, changed);
      }
      return changed;
    });
  }

  @Override
  public void markPurged(Collection<Long> ids, Instant at) {
    batchTransition(ids, QuarantineState.PURGING, QuarantineState.PURGED, at, "", (s, id) -> { });
  }

  @Override
  public List<QuarantineEntry> findByIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String in = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return query(LedgerSql.SELECT + "WHERE id IN (" + in + ") ORDER BY id", s -> { });
  }

  private interface RowBinder {
    void bind(PreparedStatement statement, long id) throws SQLException;
  }

  /** One JDBC batch of conditional transitions; every row must change, or the first that did not is reported. */
  private void batchTransition(Collection<Long> ids, QuarantineState from, QuarantineState to, Instant at,
      String extraSet, RowBinder extra) {
    if (ids.isEmpty()) {
      return;
    }
    List<Long> order = new ArrayList<>(ids);
    int extraParameters = (int) extraSet.chars().filter(c -> c == '?').count();
    int[] counts = inTransaction(connection -> {
      String sql = LedgerSql.transition(extraSet) + " WHERE id = ? AND state = '" + from.name() + "'";
      int[] result;
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        for (long id : order) {
          s.setString(1, to.name());
          dialect.bindInstant(s, 2, at);
          extra.bind(s, id);
          s.setLong(3 + extraParameters, id);
          s.addBatch();
        }
        result = s.executeBatch();
      }
      recordEvents(connection, from, order);
      return result;
    });
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
        checkAllIn(order, to, from);
        return;
      }
      if (counts[i] != 1) {
        throw conflict(order.get(i), from);
      }
    }
  }

  /** When the driver reports no per-row counts, read the states back. */
  private void checkAllIn(List<Long> ids, QuarantineState expected, QuarantineState from) {
    for (QuarantineEntry entry : findByIds(ids)) {
      if (entry.state() != expected) {
        throw conflict(entry.id(), from);
      }
    }
  }

  @Override
  public void markPurging(long id, long executionId, Instant at) {
    transition(id, QuarantineState.QUARANTINED, QuarantineState.PURGING, at,
        ", purge_execution_id = ?, claim_execution_id = ?", s -> {
          s.setLong(3, executionId);
          s.setLong(4, executionId);
        });
  }

  @Override
  public void markPurged(long id, Instant at) {
    transition(id, QuarantineState.PURGING, QuarantineState.PURGED, at, "", s -> { });
  }

  @Override
  public void markRestoring(long id, QuarantineState from, long executionId, RestoreReason reason, Instant at) {
    transition(id, from, QuarantineState.RESTORING, at, ", restore_execution_id = ?, restore_reason = ?", s -> {
      s.setLong(3, executionId);
      s.setString(4, reason.name());
    });
  }

  @Override
  public void markRestored(long id, QuarantineState from, long executionId, RestoreReason reason, Instant at) {
    transition(id, from, QuarantineState.RESTORED, at, ", restore_execution_id = ?, restore_reason = ?", s -> {
      s.setLong(3, executionId);
      s.setString(4, reason.name());
    });
  }

  @Override
  public void markConflict(long id, QuarantineState from, String error, Instant at) {
    transition(id, from, QuarantineState.CONFLICT, at, ", error = ?", s -> s.setString(3, clip(error)));
  }

  @Override
  public void markChanged(long id, String error, Instant at) {
    transition(id, QuarantineState.PURGING, QuarantineState.CHANGED, at, ", error = ?",
        s -> s.setString(3, clip(error)));
  }

  @Override
  public void markMissing(long id, QuarantineState from, String error, Instant at) {
    transition(id, from, QuarantineState.MISSING, at, ", error = ?", s -> s.setString(3, clip(error)));
  }

  @Override
  public void recordError(long id, QuarantineState state, String error) {
    int updated = run(connection -> {
      try (PreparedStatement s = connection.prepareStatement(
          "UPDATE gc_quarantine SET error = ? WHERE id = ? AND state = ?")) {
        s.setString(1, clip(error));
        s.setLong(2, id);
        s.setString(3, state.name());
        return s.executeUpdate();
      }
    });
    if (updated != 1) {
      throw conflict(id, state);
    }
  }

  @Override
  public List<LedgerSummary> summarize(StoreIdentity store) {
    return run(connection -> {
      List<LedgerSummary> rows = new ArrayList<>();
      try (PreparedStatement s = connection.prepareStatement(LedgerSql.SUMMARY)) {
        s.setString(1, store.id());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new LedgerSummary(r.getString(1), SectionKind.valueOf(r.getString(2)),
                QuarantineState.valueOf(r.getString(3)), r.getLong(4), r.getLong(5), UtcInstants.read(r, 6)));
          }
        }
      }
      return rows;
    });
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private void transition(long id, QuarantineState from, QuarantineState to, Instant at, String extraSet,
      Binder extra) {
    int updated = inTransaction(connection -> {
      String sql = LedgerSql.transition(extraSet) + " WHERE id = " + id + " AND state = '" + from.name() + "'";
      int count;
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        s.setString(1, to.name());
        dialect.bindInstant(s, 2, at);
        extra.bind(s);
        count = s.executeUpdate();
      }
      if (count == 1) {
        recordEvents(connection, from, List.of(id));
      }
      return count;
    });
    if (updated != 1) {
      throw conflict(id, from);
    }
  }

  /** Events for rows that just left {@code from} (rows that did not change are not in the new state). */
  private void recordEvents(Connection connection, QuarantineState from, List<Long> ids) throws SQLException {
    String in = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    appendEvents(connection, from.name(), "WHERE id IN (" + in + ") AND state <> '" + from.name() + "'", s -> { });
  }

  /**
   * Appends, in the caller's transaction, one event per row the condition selects: read by a
   * consistent (non-locking) select, written by simple inserts of values, so that neither holds a
   * lock another process's ledger transaction could wait for (spec §14.2 gap 12).
   */
  private void appendEvents(Connection connection, String from, String where, Binder binder)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(LedgerSql.EVENT_SOURCE + where);
        PreparedStatement insert = connection.prepareStatement(LedgerSql.EVENT_INSERT)) {
      binder.bind(select);
      int rows = 0;
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          insert.setLong(1, r.getLong(1));
          insert.setString(2, from);
          insert.setString(3, r.getString(2));
          dialect.bindInstant(insert, 4, UtcInstants.read(r, 3));
          long execution = r.getLong(4);
          if (r.wasNull()) {
            insert.setNull(5, java.sql.Types.BIGINT);
          } else {
            insert.setLong(5, execution);
          }
          insert.setString(6, r.getString(5));
          insert.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        insert.executeBatch();
      }
    }
  }

  @Override
  public List<LedgerEvent> events(StoreIdentity store, String originalPath) {
    return run(connection -> {
      List<LedgerEvent> events = new ArrayList<>();
      try (PreparedStatement s = connection.prepareStatement(LedgerSql.EVENTS)) {
        s.setString(1, store.id());
        s.setString(2, originalPath);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            long execution = r.getLong(5);
            events.add(new LedgerEvent(r.getLong(1), r.getString(2), r.getString(3), UtcInstants.read(r, 4),
                r.wasNull() ? null : execution, r.getString(6)));
          }
        }
      }
      return events;
    });
  }

  /** Runs {@code work} in one transaction, again from the start when InnoDB rolled it back (deadlock victim). */
  private <T> T inTransaction(Work<T> work) {
    return LedgerRetry.run(dialect, () -> {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.apply(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
    });
  }

  private LedgerConflictException conflict(long id, QuarantineState expected) {
    String found = run(connection -> {
      try (PreparedStatement s = connection.prepareStatement("SELECT state FROM gc_quarantine WHERE id = ?")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getString(1) : "no row";
        }
      }
    });
    return new LedgerConflictException("Ledger row " + id + ": expected state " + expected + ", found " + found);
  }

  private List<QuarantineEntry> query(String sql, Binder binder) {
    return run(connection -> {
      List<QuarantineEntry> rows = new ArrayList<>();
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        binder.bind(s);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(entry(r));
          }
        }
      }
      return rows;
    });
  }

  private static QuarantineEntry entry(ResultSet r) throws SQLException {
    long purge = r.getLong(15);
    Long purgeId = r.wasNull() ? null : purge;
    long restore = r.getLong(16);
    Long restoreId = r.wasNull() ? null : restore;
    String reason = r.getString(17);
    return new QuarantineEntry(r.getLong(1), r.getString(2), SectionKind.valueOf(r.getString(3)), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), r.getLong(8), r.getString(9), UtcInstants.read(r, 10),
        UtcInstants.read(r, 11), QuarantineState.valueOf(r.getString(12)), UtcInstants.read(r, 13),
        r.getLong(14), purgeId, restoreId, reason == null ? null : RestoreReason.valueOf(reason), r.getString(18),
        r.getString(19), claim(r));
  }

  private static Long claim(ResultSet r) throws SQLException {
    long claim = r.getLong(20);
    return r.wasNull() ? null : claim;
  }

  /** Runs {@code work} in autocommit mode: each of its statements (one, or idempotent ones) commits on its own. */
  private <T> T run(Work<T> work) {
    return LedgerRetry.run(dialect, () -> {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        return work.apply(connection);
      }
    });
  }

  /** The SHA-256 of a trash path's UTF-8 bytes: the unique key's value, computed here for every server. */
  private static byte[] sha256(String trashPath) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(trashPath.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String clip(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }
}
