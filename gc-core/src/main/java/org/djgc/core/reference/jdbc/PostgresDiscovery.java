package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;

/**
 * Discovery on PostgreSQL (DataJoint's {@code adapters/postgres.py}): a DataJoint schema is a
 * namespace of the configured database; column comments live in {@code pg_description}; storage
 * columns are {@code jsonb}, read as text; the snapshot is a {@code REPEATABLE READ, READ ONLY}
 * transaction. {@code pg_catalog} shows every table whatever the user's privileges, so the catalog
 * is complete; what must be proven is that the user can read every row of each storage table:
 * {@code SELECT} on it and {@code USAGE} on its schema, and no row-level security policy hiding
 * rows from it.
 */
final class PostgresDiscovery implements DiscoveryDialect {
  static final PostgresDiscovery INSTANCE = new PostgresDiscovery();

  private static final String SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
      + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

  private static final String CODEC_COLUMNS = """
      SELECT n.nspname, c.relname, a.attname, col_description(c.oid, a.attnum)
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND %s
        AND col_description(c.oid, a.attnum) LIKE ':<%%'
      ORDER BY n.nspname, c.relname, a.attnum""".formatted(SYSTEM_SCHEMAS);

  private static final String PRIMARY_KEY = """
      SELECT a.attname
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indisprimary AND n.nspname = ? AND c.relname = ?
      ORDER BY array_position(i.indkey::int2[], a.attnum)""";

  /**
   * The storage tables of one schema the user cannot read whole: no {@code USAGE} on the schema,
   * no {@code SELECT} on the table, or row-level security that applies to the user (enabled, and
   * the user neither bypasses it nor owns the table unforced).
   */
  private static final String UNREADABLE = """
      SELECT c.relname,
             NOT has_schema_privilege(n.oid, 'USAGE') AS no_usage,
             NOT has_table_privilege(c.oid, 'SELECT') AS no_select,
             c.relrowsecurity
               AND NOT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user)
               AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE')) AS row_security
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ?
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    AND col_description(c.oid, a.attnum) LIKE ':<%')
      ORDER BY c.relname""";

  private static final String IDENTITY = "coalesce(host(inet_server_addr()), 'local socket'), inet_server_port(),"
      + " current_database(), pg_postmaster_start_time()";

  private PostgresDiscovery() {}

  @Override
  public String lockServer(Connection connection) throws SQLException {
    StoreLock.probe(connection);
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT " + IDENTITY)) {
      row.next();
      return describe(row);
    }
  }

  @Override
  public void openSnapshot(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // the first statement of the transaction: the snapshot is taken at the next query
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }
  }

  @Override
  public String currentServer(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT " + IDENTITY + ", pg_is_in_recovery()")) {
      row.next();
      String server = describe(row);
      return row.getBoolean(5) ? server + " (a standby)" : server;
    }
  }

  private static String describe(ResultSet row) throws SQLException {
    return row.getString(1) + ":" + row.getString(2) + "/" + row.getString(3) + " (up since " + row.getString(4)
        + ")";
  }

  @Override
  public Map<String, Map<String, List<StorageColumn>>> codecColumns(Connection connection, CodecClassifier classifier)
      throws SQLException {
    return CatalogReader.codecColumns(connection, classifier, CODEC_COLUMNS);
  }

  @Override
  public List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
    return CatalogReader.primaryKey(connection, PRIMARY_KEY, schema, table);
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void checkGrants(Connection connection, List<String> schemas, Consumer<Finding> findings)
      throws SQLException {
    String user = currentUser(connection);
    try (PreparedStatement statement = connection.prepareStatement(UNREADABLE)) {
      for (String schema : schemas) {
        statement.setString(1, schema);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String table = quote(schema) + "." + quote(rows.getString(1));
            if (rows.getBoolean(2) || rows.getBoolean(3)) {
              findings.accept(new Finding(FindingKind.MISSING_GRANT, table, null, "database user " + user
                  + " cannot read " + table + " (its rows would look unreferenced): GRANT USAGE ON SCHEMA "
                  + quote(schema) + " TO " + user + "; GRANT SELECT ON ALL TABLES IN SCHEMA " + quote(schema)
                  + " TO " + user));
            } else if (rows.getBoolean(4)) {
              findings.accept(new Finding(FindingKind.MISSING_GRANT, table, null, "row-level security on " + table
                  + " may hide rows from database user " + user + " (their files would look unreferenced): run"
                  + " dj-gc as a role with BYPASSRLS, or as the table's owner unless it forces row-level security"));
            }
          }
        }
      }
    }
  }

  @Override
  public boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      statement.setString(1, schema);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      return "\"" + row.getString(1).replace("\"", "\"\"") + "\"";
    }
  }

  /** Rows stream in fetches of 1,000 (the PostgreSQL driver streams only inside a transaction, as the snapshot is). */
  @Override
  public Statement streamingStatement(Connection connection) throws SQLException {
    Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(1000);
    return statement;
  }
}
