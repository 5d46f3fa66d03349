package org.djgc.core.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/**
 * A named advisory lock held on a dedicated connection: MySQL's and MariaDB's {@code GET_LOCK}, or
 * PostgreSQL's session-level advisory lock ({@link LockSql}). The server releases it when that
 * connection dies, so a killed process never leaves a stale lock, and a free lock proves its former
 * holder is gone.
 */
public final class StoreLock implements AutoCloseable {
  private final Connection connection;
  private final LockSql sql;
  private final String name;

  private StoreLock(Connection connection, LockSql sql, String name) {
    this.connection = connection;
    this.sql = sql;
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
      LockSql sql = LockSql.of(connection);
      // the lock lives as long as this connection, which may sit idle for the whole run
      sql.keepAlive(connection);
      if (sql.tryLock(connection, name)) {
        return Optional.of(new StoreLock(connection, sql, name));
      }
      connection.close();
      return Optional.empty();
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new GcException(FailureCategory.TRANSIENT, "Cannot take lock " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes the lock, waiting while another session holds it: for work every process does once and
   * must not do at the same moment (creating dj-gc's tables).
   *
   * @throws GcException (transient) when another session still holds it after {@code patience}
   */
  public static StoreLock await(DataSource dataSource, String name, java.time.Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Optional<StoreLock> lock = tryAcquire(dataSource, name);
      if (lock.isPresent()) {
        return lock.get();
      }
      if (System.nanoTime() > deadline) {
        throw new GcException(FailureCategory.TRANSIENT, "Another process has held lock " + name + " for "
            + patience.toSeconds() + " s; start again when it has finished");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GcException(FailureCategory.TRANSIENT, "Interrupted while waiting for lock " + name, e);
      }
    }
  }

  /**
   * The server session that holds the lock now, or empty when nobody does: a process that recorded
   * its lock's {@link #sessionId()} can have another prove it still holds it.
   */
  public static java.util.OptionalLong holder(DataSource dataSource, String name) {
    try (Connection connection = dataSource.getConnection()) {
      return LockSql.of(connection).holder(connection, name);
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Cannot check lock " + name + ": " + e.getMessage(), e);
    }
  }

  /** The server session (MySQL's {@code CONNECTION_ID()}, PostgreSQL's backend pid) that holds this lock. */
  public long sessionId() {
    try {
      return sql.session(connection);
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Lost the connection holding lock " + name + ": "
          + e.getMessage(), e);
    }
  }

  /** Whether nobody holds the lock now. */
  public static boolean isFree(DataSource dataSource, String name) {
    return holder(dataSource, name).isEmpty();
  }

  /** The server's idle timeout of the lock's connection, in seconds (0: none). */
  long idleTimeoutSeconds() throws SQLException {
    return sql.idleTimeoutSeconds(connection);
  }

  public String name() {
    return name;
  }

  /** Whether this session still holds the lock (its connection is alive and owns it). */
  public boolean held() {
    try {
      java.util.OptionalLong holder = sql.holder(connection, name);
      return holder.isPresent() && holder.getAsLong() == sql.session(connection);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Takes and releases a throwaway lock on {@code connection} (autocommit), so that whatever answers
   * next on it is the server that serves dj-gc's locks there.
   */
  public static void probe(Connection connection) throws SQLException {
    LockSql sql = LockSql.of(connection);
    String name = "djgc-probe-" + java.util.UUID.randomUUID();
    if (sql.tryLock(connection, name)) {
      sql.release(connection, name);
    }
  }

  @Override
  public void close() {
    try {
      sql.release(connection, name);
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
