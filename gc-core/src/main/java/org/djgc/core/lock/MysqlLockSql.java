package org.djgc.core.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/** MySQL's and MariaDB's {@code GET_LOCK}, {@code IS_USED_LOCK} and {@code RELEASE_LOCK}. */
final class MysqlLockSql implements LockSql {
  static final MysqlLockSql INSTANCE = new MysqlLockSql();
  /** The longest {@code wait_timeout} MySQL and MariaDB accept: one year. */
  static final int IDLE_TIMEOUT_SECONDS = 31_536_000;

  private MysqlLockSql() {}

  @Override
  public void keepAlive(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // the server must not drop the holder at wait_timeout (8 h by default) while it is alive
      statement.execute("SET SESSION wait_timeout = " + IDLE_TIMEOUT_SECONDS);
    }
  }

  @Override
  public boolean tryLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  @Override
  public OptionalLong holder(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          long session = r.getLong(1);
          return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(session);
        }
        return OptionalLong.empty();
      }
    }
  }

  @Override
  public long session(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT CONNECTION_ID()")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void release(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      s.setString(1, name);
      s.execute();
    }
  }

  @Override
  public long idleTimeoutSeconds(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT @@session.wait_timeout")) {
      r.next();
      return r.getLong(1);
    }
  }
}
