package org.djgc.core.reference.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djgc.core.reference.CodecClassifier;
import org.djgc.core.reference.CodecSpec;

/**
 * Reads DataJoint's storage columns from MySQL/MariaDB's {@code information_schema}: every column
 * of a base table whose comment starts with {@code :<}, parsed as DataJoint's heading parses it.
 * Unlike upstream, hidden ({@code _}) columns and {@code ~} tables are not excluded: DataJoint
 * never declares storage codecs there, and reading more can only keep more files. {@link
 * PostgresDiscovery} runs its own catalog queries through the same row handling.
 */
final class CatalogReader {
  private static final String CODEC_COLUMNS = """
      SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_COMMENT
      FROM information_schema.COLUMNS c
      JOIN information_schema.TABLES t
        ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE t.TABLE_TYPE = 'BASE TABLE'
        AND c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
        AND c.COLUMN_COMMENT LIKE ':<%'
      ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION""";

  private static final String PRIMARY_KEY = """
      SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
      ORDER BY ORDINAL_POSITION""";

  private CatalogReader() {}

  /** Every codec column on the server, grouped by schema then table, in catalog order. */
  static Map<String, Map<String, List<StorageColumn>>> codecColumns(Connection connection,
      CodecClassifier classifier) throws SQLException {
    return codecColumns(connection, classifier, CODEC_COLUMNS);
  }

  /**
   * The codec columns {@code sql} selects (schema, table, column, comment, in catalog order), those
   * whose comment parses as a codec, grouped by schema then table: any database's catalog query.
   */
  static Map<String, Map<String, List<StorageColumn>>> codecColumns(Connection connection,
      CodecClassifier classifier, String sql) throws SQLException {
    Map<String, Map<String, List<StorageColumn>>> bySchema = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        Optional<CodecSpec> codec = CodecSpec.fromComment(rows.getString(4));
        if (codec.isEmpty()) {
          continue;
        }
        StorageColumn column = new StorageColumn(rows.getString(1), rows.getString(2), rows.getString(3),
            codec.get(), classifier.classify(codec.get()));
        bySchema.computeIfAbsent(column.schema(), s -> new LinkedHashMap<>())
            .computeIfAbsent(column.table(), t -> new ArrayList<>()).add(column);
      }
    }
    return bySchema;
  }

  /** The primary-key columns of a table, in key order (empty when it has none). */
  static List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
    return primaryKey(connection, PRIMARY_KEY, schema, table);
  }

  /** The key columns {@code sql} selects for a schema and table (its two parameters), in key order. */
  static List<String> primaryKey(Connection connection, String sql, String schema, String table)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    return columns;
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
