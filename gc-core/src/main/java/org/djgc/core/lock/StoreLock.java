package org.djgc.core.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/**
 * A named MySQL/MariaDB advisory lock ({@code GET_LOCK}) held on a dedicated connection. The server
 * releases it when that connection dies, so a killed process never leaves a stale lock, and a free
 * lock proves its former holder is gone.
 */
public final class StoreLock implements AutoCloseable {
  /** The longest {@code wait_timeout} MySQL and MariaDB accept: one year. */
  static final int IDLE_TIMEOUT_SECONDS = 31_536_000;

  private final Connection connection;
  private final String name;

  private StoreLock(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  /** The lock every execution holds for its life, so a restart can prove the old process is gone. */
  public static String executionLockName(long executionId) {
    return "djgc-exec-" + executionId;
  }

  /**
   * Takes the lock without waiting.
   *
   * @return the held lock, or empty when another session holds it
   */
  public static Optional<StoreLock> tryAcquire(DataSource dataSource, String name) {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (java.sql.Statement keepAlive = connection.createStatement()) {
        // the lock lives as long as this connection, which may sit idle for the whole run: the
        // server must not drop it at wait_timeout (8 h by default) while its holder is alive
        keepAlive.execute("SET SESSION wait_timeout = " + IDLE_TIMEOUT_SECONDS);
      }
      try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && r.getInt(1) == 1) {
            return Optional.of(new StoreLock(connection, name));
          }
        }
      }
      connection.close();
      return Optional.empty();
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new GcException(FailureCategory.TRANSIENT, "Cannot take lock " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The server session that holds the lock now ({@code IS_USED_LOCK}), or empty when nobody does: a
   * process that recorded its lock's {@link #sessionId()} can have another prove it still holds it.
   */
  public static java.util.OptionalLong holder(DataSource dataSource, String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          long session = r.getLong(1);
          return r.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(session);
        }
        return java.util.OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Cannot check lock " + name + ": " + e.getMessage(), e);
    }
  }

  /** The server session ({@code CONNECTION_ID()}) that holds this lock. */
  public long sessionId() {
    try (java.sql.Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT CONNECTION_ID()")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Lost the connection holding lock " + name + ": "
          + e.getMessage(), e);
    }
  }

  /** Whether nobody holds the lock now. */
  public static boolean isFree(DataSource dataSource, String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT IS_FREE_LOCK(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Cannot check lock " + name + ": " + e.getMessage(), e);
    }
  }

  /** The server's idle timeout of the lock's connection, in seconds. */
  long idleTimeoutSeconds() throws SQLException {
    try (java.sql.Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT @@session.wait_timeout")) {
      r.next();
      return r.getLong(1);
    }
  }

  public String name() {
    return name;
  }

  /** Whether this session still holds the lock (its connection is alive and owns it). */
  public boolean held() {
    try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      s.setString(1, name);
      s.execute();
    } catch (SQLException e) {
      // the connection is gone, and the lock with it
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // nothing to release: a dead connection holds no lock
      }
    }
  }

}
