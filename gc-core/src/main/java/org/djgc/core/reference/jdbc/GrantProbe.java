package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Proves what the database user can see, by asking the server itself rather than parsing grants
 * (roles, wildcards and partial revokes included). MySQL and MariaDB check privileges before
 * they look for a table: selecting from a table that does not exist fails with "doesn't exist"
 * (1146) or "unknown database" (1049) when the user has {@code SELECT} on the whole schema, and
 * with "command denied" (1142) when the user holds at most table- or column-level grants there,
 * which is exactly when {@code information_schema} may hide tables from discovery.
 */
final class GrantProbe {
  private static final int NO_SUCH_TABLE = 1146;
  private static final int NO_SUCH_DATABASE = 1049;

  private final Connection connection;
  private final String probeTable = "~djgc_probe_" + UUID.randomUUID().toString().replace("-", "");

  GrantProbe(Connection connection) {
    this.connection = connection;
  }

  /** Whether the user has {@code SELECT} on every schema, present and future ({@code *.*}). */
  boolean globalSelect() throws SQLException {
    return schemaSelect("~djgc_probe_" + UUID.randomUUID().toString().replace("-", ""));
  }

  /**
   * Whether the server applies partial revokes (MySQL 8's {@code partial_revokes}), under which a
   * global grant may exclude single schemas; false where the variable does not exist (MariaDB).
   */
  static boolean partialRevokes(Connection connection) {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT @@global.partial_revokes")) {
      return row.next() && row.getInt(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Whether the user has {@code SELECT} on every table of {@code schema} ({@code schema.*}). */
  boolean schemaSelect(String schema) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 FROM " + CatalogReader.quote(schema) + "." + CatalogReader.quote(probeTable)
          + " LIMIT 0").close();
      return false; // a table by that name exists after all: this proves no schema-level grant
    } catch (SQLException e) {
      if (e.getErrorCode() == NO_SUCH_TABLE || e.getErrorCode() == NO_SUCH_DATABASE) {
        return true;
      }
      if (!connection.isValid(5)) {
        throw e;
      }
      return false;
    }
  }
}
