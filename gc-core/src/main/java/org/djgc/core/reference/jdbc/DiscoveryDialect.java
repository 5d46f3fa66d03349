package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.djgc.core.jdbc.Databases;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.Finding;

/**
 * What reference discovery needs from one database, and nothing else does: the catalog of storage
 * columns, the snapshot every table is read in, where that snapshot and dj-gc's locks are served,
 * the proof that the user sees every table, and the SQL text of a table read. One implementation
 * per database ({@link MysqlDiscovery} for MySQL and MariaDB, {@link PostgresDiscovery} for
 * PostgreSQL); {@link JdbcReferenceScanner} holds
 * the database-independent rules.
 */
interface DiscoveryDialect {

  /** The server that serves dj-gc's locks on this connection; asked in autocommit mode, before the snapshot. */
  String lockServer(Connection connection) throws SQLException;

  /** Opens the read-only, repeatable-read snapshot every table of a scan is read in. */
  void openSnapshot(Connection connection) throws SQLException;

  /** The server that answers on this connection now (inside the snapshot). */
  String currentServer(Connection connection) throws SQLException;

  /** Every codec column on the server, grouped by schema then table, in catalog order. */
  Map<String, Map<String, List<StorageColumn>>> codecColumns(Connection connection, CodecClassifier classifier)
      throws SQLException;

  /** The primary-key columns of a table, in key order (empty when it has none). */
  List<String> primaryKey(Connection connection, String schema, String table) throws SQLException;

  /** An identifier quoted for this database's SQL. */
  String quote(String identifier);

  /**
   * Proves that the user sees every table of each schema it reads; each schema it cannot vouch for
   * is reported to {@code findings} as a {@link org.djgc.core.reference.FindingKind#MISSING_GRANT}.
   */
  void checkGrants(Connection connection, List<String> schemas, Consumer<Finding> findings) throws SQLException;

  /** A statement whose result sets stream rows instead of holding a whole table in memory. */
  Statement streamingStatement(Connection connection) throws SQLException;

  /** Whether a schema of this name exists on the server, whatever the user may read in it. */
  boolean schemaExists(Connection connection, String schema) throws SQLException;

  /** The dialect of the database {@code connection} talks to: PostgreSQL, else MySQL or MariaDB. */
  static DiscoveryDialect of(Connection connection) throws SQLException {
    return Databases.isPostgres(connection) ? PostgresDiscovery.INSTANCE : MysqlDiscovery.INSTANCE;
  }
}
