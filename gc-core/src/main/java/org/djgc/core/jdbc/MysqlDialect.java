package org.djgc.core.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * MySQL and MariaDB (InnoDB).
 *
 * <p>Instants are bound as the literal text {@code yyyy-MM-dd HH:mm:ss.SSSSSS} of their UTC time,
 * which the server converts to {@code DATETIME(6)} exactly: MySQL Connector/J would convert a
 * {@link java.sql.Timestamp} through the connection's time zone, and sends no fractional seconds
 * to MariaDB (whose handshake announces version 5.5.5).
 */
public final class MysqlDialect implements SqlDialect {
  public static final MysqlDialect INSTANCE = new MysqlDialect();

  /** ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK, ER_AUTOINC_READ_FAILED. */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213, 1467);
  private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private MysqlDialect() {}

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public String identityColumn() {
    return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
  }

  @Override
  public String blobType() {
    return "LONGBLOB";
  }

  @Override
  public String timestampType() {
    return "DATETIME(6)";
  }

  @Override
  public String tableOptions() {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
  }

  @Override
  public String nullSafeEquals(String column) {
    return column + " <=> ?";
  }

  @Override
  public String insertIgnoringDuplicates(String table, String columns, String values) {
    return "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + values + ")";
  }

  @Override
  public String utcNowQuery() {
    return "SELECT UTC_TIMESTAMP(6)";
  }

  @Override
  public String currentSchemaQuery() {
    return "SELECT DATABASE()";
  }

  @Override
  public String serverKeyQuery() {
    return "SELECT CONCAT(@@hostname, ':', @@port, '/', DATABASE())";
  }

  @Override
  public String deleteFirst(String table, String where, String orderBy, int limit) {
    return "DELETE FROM " + table + " WHERE " + where + " ORDER BY " + orderBy + " LIMIT " + limit;
  }

  @Override
  public String maxPacketQuery() {
    return "SELECT @@max_allowed_packet";
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier + "`";
  }

  @Override
  public String catalogName(String table) {
    return table;
  }

  @Override
  public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setString(index, LITERAL.format(UtcInstants.toUtc(instant)));
    }
  }

  @Override
  public boolean rolledBackForContention(SQLException error) {
    return error instanceof SQLTransactionRollbackException || TRANSIENT_CODES.contains(error.getErrorCode())
        || "40001".equals(error.getSQLState());
  }

  @Override
  public String toString() {
    return name();
  }
}
