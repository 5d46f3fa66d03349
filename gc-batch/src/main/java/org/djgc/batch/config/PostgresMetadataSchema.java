package org.djgc.batch.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/**
 * The schema of a PostgreSQL pipeline's database that holds dj-gc's metadata by default
 * ({@code gc.metadata.database}, {@code datajoint_gc}): created when missing, so a PostgreSQL
 * installation needs no other server (spec §4.9). Its name is a plain lower-case identifier, the
 * same whether quoted or not, so the driver's {@code currentSchema} and {@code CREATE SCHEMA} agree.
 */
final class PostgresMetadataSchema {
  private PostgresMetadataSchema() {}

  static void ensure(DataSource metadata, String schema, String server) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new ConfigurationException("Invalid gc.metadata.database for PostgreSQL: '" + schema + "' (a schema"
          + " name: lower-case letters, digits and underscores, not starting with a digit)");
    }
    String folded = schema;
    Connection connection;
    try {
      connection = metadata.getConnection();
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Cannot connect to dj-gc's metadata database on " + server
          + ": " + e.getMessage(), e);
    }
    try (connection) {
      if (exists(connection, folded)) {
        return;
      }
      // CREATE SCHEMA IF NOT EXISTS is not safe against a second process doing the same at once
      try (org.djgc.core.lock.StoreLock lock = org.djgc.core.lock.StoreLock.await(metadata,
          BatchSchemaInitializer.LOCK, BatchSchemaInitializer.LOCK_WAIT); Statement s = connection.createStatement()) {
        if (!exists(connection, folded)) {
          s.execute("CREATE SCHEMA " + folded);
        }
      }
    } catch (SQLException e) {
      throw new ConfigurationException("Cannot create schema " + folded + " for dj-gc's metadata on " + server + ": "
          + e.getMessage() + " (create it and let the user own it, or set gc.metadata.url)", e);
    }
  }

  private static boolean exists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
