package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery on MySQL and MariaDB: {@code information_schema} comments ({@link CatalogReader}), a
 * transaction opened {@code WITH CONSISTENT SNAPSHOT}, {@code GET_LOCK}'s server compared with the
 * snapshot's ({@link SnapshotServer}), grants proven by probing ({@link GrantProbe}), rows streamed
 * with Connector/J's {@code Integer.MIN_VALUE} fetch size.
 */
final class MysqlDiscovery implements DiscoveryDialect {
  static final MysqlDiscovery INSTANCE = new MysqlDiscovery();
  private static final Logger LOG = LoggerFactory.getLogger(JdbcReferenceScanner.class);

  private MysqlDiscovery() {}

  @Override
  public String lockServer(Connection connection) throws SQLException {
    return SnapshotServer.lockServer(connection);
  }

  @Override
  public void openSnapshot(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  @Override
  public String currentServer(Connection connection) throws SQLException {
    return SnapshotServer.current(connection);
  }

  @Override
  public Map<String, Map<String, List<StorageColumn>>> codecColumns(Connection connection, CodecClassifier classifier)
      throws SQLException {
    return CatalogReader.codecColumns(connection, classifier);
  }

  @Override
  public List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
    return CatalogReader.primaryKey(connection, schema, table);
  }

  @Override
  public String quote(String identifier) {
    return CatalogReader.quote(identifier);
  }

  /**
   * {@code information_schema} shows a user only the tables and columns it holds a privilege on,
   * so a table-level grant would make the other tables' files look orphaned. Global {@code
   * SELECT}, or {@code SELECT} on each schema read, proves the catalog complete for those schemas.
   */
  @Override
  public void checkGrants(Connection connection, List<String> schemas, Consumer<Finding> findings)
      throws SQLException {
    GrantProbe probe = new GrantProbe(connection);
    String user = currentUser(connection);
    // every schema read is probed, even under a global SELECT: MySQL's partial revokes
    // (REVOKE SELECT ON lab.* after GRANT SELECT ON *.*) take single schemas away from it
    for (String schema : schemas) {
      if (!probe.schemaSelect(schema)) {
        findings.accept(new Finding(FindingKind.MISSING_GRANT, schema, null, "database user " + user
            + " lacks SELECT on schema '" + schema + "' (tables it cannot see would look unreferenced):"
            + " GRANT SELECT ON `" + schema + "`.* TO " + user + ", or a global SELECT"));
      }
    }
    if (!probe.globalSelect() || GrantProbe.partialRevokes(connection)) {
      LOG.warn("Database user {} cannot be shown to read every schema (no global SELECT, or partial revokes are"
          + " on): schemas it cannot see at all are outside the reference scope (grant SELECT ON *.* to let"
          + " every schema's rows protect this store's files)", user);
    }
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT CURRENT_USER()")) {
      row.next();
      String[] parts = row.getString(1).split("@", 2);
      return "'" + parts[0] + "'@'" + (parts.length > 1 ? parts[1] : "%") + "'";
    }
  }

  @Override
  public boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (java.sql.PreparedStatement statement = connection.prepareStatement(
        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      statement.setString(1, schema);
      try (ResultSet count = statement.executeQuery()) {
        return count.next() && count.getLong(1) > 0;
      }
    }
  }

  @Override
  public Statement streamingStatement(Connection connection) throws SQLException {
    Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(Integer.MIN_VALUE);
    return statement;
  }
}
