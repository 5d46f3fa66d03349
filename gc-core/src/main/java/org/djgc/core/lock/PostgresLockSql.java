package org.djgc.core.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * PostgreSQL's session-level advisory locks ({@code pg_try_advisory_lock(int4, int4)}), which take
 * numbers, not names: a lock's name maps to the first 64 bits of its SHA-256. Two names sharing a
 * key (about one chance in 2^64 per pair) would make one run wait for an unrelated one, never let
 * two runs share a lock. The holder is read from {@code pg_locks} of the current database (advisory
 * locks are per database): its backend pid is the session.
 */
final class PostgresLockSql implements LockSql {
  static final PostgresLockSql INSTANCE = new PostgresLockSql();

  private static final String HOLDER = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
      + " AND classid = ?::bigint::oid AND objid = ?::bigint::oid AND objsubid = 2"
      + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

  private PostgresLockSql() {}

  @Override
  public void keepAlive(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET idle_in_transaction_session_timeout = 0");
      if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
        statement.execute("SET idle_session_timeout = 0");
      }
    }
  }

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    int[] key = key(name);
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      s.setInt(1, key[0]);
      s.setInt(2, key[1]);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  @Override
  public OptionalLong holder(Connection connection, String name) throws SQLException {
    int[] key = key(name);
    try (PreparedStatement s = connection.prepareStatement(HOLDER)) {
      s.setLong(1, Integer.toUnsignedLong(key[0]));
      s.setLong(2, Integer.toUnsignedLong(key[1]));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  @Override
  public long session(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void release(Connection connection, String name) throws SQLException {
    int[] key = key(name);
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
      s.setInt(1, key[0]);
      s.setInt(2, key[1]);
      s.execute();
    }
  }

  @Override
  public long idleTimeoutSeconds(Connection connection) throws SQLException {
    if (connection.getMetaData().getDatabaseMajorVersion() < 14) {
      return 0;
    }
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT EXTRACT(EPOCH FROM current_setting('idle_session_timeout')::interval)::bigint")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The two 32-bit keys of lock {@code name}. */
  static int[] key(String name) {
    try {
      ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(StandardCharsets.UTF_8)));
      return new int[] {digest.getInt(), digest.getInt()};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
