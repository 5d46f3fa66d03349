package org.djgc.core.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.djgc.core.jdbc.Databases;

/**
 * The statements of a named, session-scoped advisory lock on one database: the server releases it
 * when the holding session ends, so a free lock proves its former holder gone.
 */
interface LockSql {
  /** Keeps the session (which may sit idle for a whole run) from being closed by the server for idleness. */
  void keepAlive(Connection connection) throws SQLException;

  /** Takes lock {@code name} for this session without waiting; false when another session holds it. */
  boolean tryLock(Connection connection, String name) throws SQLException;

  /** The session holding lock {@code name}, or empty when nobody does. */
  OptionalLong holder(Connection connection, String name) throws SQLException;

  /** This connection's server session. */
  long session(Connection connection) throws SQLException;

  /** Releases lock {@code name} held by this session. */
  void release(Connection connection, String name) throws SQLException;

  /** The server's idle timeout of this session, in seconds (0: none). */
  long idleTimeoutSeconds(Connection connection) throws SQLException;

  static LockSql of(Connection connection) throws SQLException {
    return Databases.isPostgres(connection) ? PostgresLockSql.INSTANCE : MysqlLockSql.INSTANCE;
  }
}
