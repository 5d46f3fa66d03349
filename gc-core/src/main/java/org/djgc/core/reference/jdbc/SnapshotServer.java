package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Which server answers a connection's statements. A proxy between dj-gc and the database (MaxScale,
 * ProxySQL) may send a read-only transaction to a replica while lock statements go to the primary:
 * a lagging replica's snapshot misses rows that writers committed on the primary, so their files
 * would look orphaned. Discovery therefore compares the server that serves {@code GET_LOCK} (the
 * one dj-gc's store and execution locks live on), asked in autocommit mode before the snapshot
 * opens, with the server that answers inside the snapshot.
 */
final class SnapshotServer {
  static final String IDENTITY = "@@hostname, @@port, @@server_id";

  private SnapshotServer() {}

  /** The server that serves locks on this connection; call in autocommit mode. */
  static String lockServer(Connection connection) throws SQLException {
    String name = "djgc-probe-" + UUID.randomUUID();
    try (Statement statement = connection.createStatement()) {
      String identity;
      try (ResultSet row = statement.executeQuery("SELECT GET_LOCK('" + name + "', 0), " + IDENTITY)) {
        row.next();
        identity = describe(row, 2);
      }
      statement.execute("DO RELEASE_LOCK('" + name + "')");
      return identity;
    }
  }

  /** The server that answers on this connection now (inside the snapshot). */
  static String current(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT " + IDENTITY)) {
      row.next();
      return describe(row, 1);
    }
  }

  private static String describe(ResultSet row, int first) throws SQLException {
    return row.getString(first) + ":" + row.getString(first + 1) + " (server_id " + row.getString(first + 2) + ")";
  }
}
