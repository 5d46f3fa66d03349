package org.djgc.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * What differs between the servers that can hold dj-gc's metadata (the job repository, the ledger,
 * the work area): MySQL/MariaDB ({@link MysqlDialect}) and PostgreSQL ({@link PostgresDialect}).
 * Callers write portable SQL and ask the dialect for every piece that is not: column types, the
 * null-safe comparison, "insert unless present", the clock, how an instant is bound, which errors
 * mean "run the transaction again" or "duplicate key", and how the server names itself.
 *
 * <p>Instants are stored as UTC wall-clock times ({@code DATETIME(6)}, {@code TIMESTAMP(6)}
 * without time zone) to the microsecond and read back as {@link java.time.LocalDateTime}: neither
 * the JVM's nor the session's time zone can shift them (spec §8.1).
 */
public sealed interface SqlDialect permits MysqlDialect, PostgresDialect {
  /** The dialect of the server behind {@code connection}. */
  static SqlDialect of(Connection connection) throws SQLException {
    return Databases.isPostgres(connection) ? PostgresDialect.INSTANCE : MysqlDialect.INSTANCE;
  }

  /** The dialect of the server behind {@code dataSource} (one connection, borrowed and returned). */
  static SqlDialect of(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection);
    }
  }

  /** A short name: {@code mysql} or {@code postgresql} (also the suffix of Spring Batch's schema scripts). */
  String name();

  /** The auto-numbered primary key column type, e.g. {@code BIGINT ... AUTO_INCREMENT}. */
  String identityColumn();

  /** A column of binary data up to 1 GiB. */
  String blobType();

  /** A column holding a UTC wall-clock time to the microsecond. */
  String timestampType();

  /** Options closing a {@code CREATE TABLE} (engine, character set), or empty. */
  String tableOptions();

  /** A condition true when {@code column} equals the next parameter, NULL equal to NULL. */
  String nullSafeEquals(String column);

  /** {@code INSERT INTO table (columns) VALUES (values)} that silently skips rows breaking a unique key. */
  String insertIgnoringDuplicates(String table, String columns, String values);

  /** A query of one row and column: the server's current time in UTC, to the microsecond. */
  String utcNowQuery();

  /** A query of one row and column naming the database the connection works in (MySQL) or its schema (PostgreSQL). */
  String currentSchemaQuery();

  /** A query of one row and column naming the server and the database: {@code host:port/database}. */
  String serverKeyQuery();

  /** Deletes at most {@code limit} rows matching {@code where}, the first in {@code orderBy}'s order. */
  String deleteFirst(String table, String where, String orderBy, int limit);

  /** A query of the largest packet (statement with its values) the server takes, or null where there is no such limit. */
  String maxPacketQuery();

  /** Quotes an identifier already checked to be a plain name. */
  String quote(String identifier);

  /** How the server spells an unquoted table name in its catalog (upper case as written, or folded to lower). */
  String catalogName(String table);

  /** Binds {@code instant} (or SQL NULL) as a UTC wall-clock time. */
  void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

  /**
   * Whether the server rolled the statement's transaction back for contention alone (deadlock, lock
   * wait), anywhere in the error's causes and chained exceptions.
   */
  default boolean isTransient(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        if (rolledBackForContention(sql)) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != t && isTransient(next)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether this one exception (not its causes) says the transaction was rolled back for contention. */
  boolean rolledBackForContention(SQLException error);

  /** Whether the statement failed on a unique key. */
  default boolean isDuplicateKey(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLIntegrityConstraintViolationException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}
