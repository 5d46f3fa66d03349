package org.djgc.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.layout.ObjectPaths;

/**
 * Writes a DataJoint 2.x pipeline the way DataJoint does: tables declared with DataJoint's column
 * comments ({@code :<blob@store>:}), JSON metadata shaped as the encoders write it, and files at
 * the paths DataJoint builds, with hash names computed as DataJoint computes them.
 */
public final class DjFixture {
  private final PipelineServer database;
  private final Path storeRoot;
  private final String store;
  private final String hashPrefix;
  private final String schemaPrefix;
  private final List<Integer> subfolding;

  public DjFixture(PipelineServer database, Path storeRoot, String store) {
    this(database, storeRoot, store, "_hash", "_schema", List.of());
  }

  public DjFixture(PipelineServer database, Path storeRoot, String store, String hashPrefix, String schemaPrefix,
      List<Integer> subfolding) {
    this.database = database;
    this.storeRoot = storeRoot;
    this.store = store;
    this.hashPrefix = hashPrefix;
    this.schemaPrefix = schemaPrefix;
    this.subfolding = List.copyOf(subfolding);
  }

  public Path storeRoot() {
    return storeRoot;
  }

  /**
   * Declares a table as DataJoint would: an int primary key {@code id} and one column per entry
   * of {@code columns} (name → declared type such as {@code <blob@local>}), JSON for storage
   * codecs, LONGBLOB for in-table ones; on PostgreSQL {@code jsonb} and {@code bytea}, the comments
   * set afterwards with {@code COMMENT ON COLUMN}, as DataJoint's PostgreSQL adapter does.
   */
  public void declareTable(String schema, String table, Map<String, String> columns) {
    if (database.postgres()) {
      declarePostgresTable(schema, table, columns);
      return;
    }
    StringBuilder ddl = new StringBuilder("CREATE TABLE `" + schema + "`.`" + table + "` (\n"
        + "  `id` int NOT NULL COMMENT \":int32:\",\n");
    for (Map.Entry<String, String> column : columns.entrySet()) {
      String type = column.getValue();
      String sqlType = type.contains("@") ? "json DEFAULT NULL" : "longblob DEFAULT NULL";
      ddl.append("  `").append(column.getKey()).append("` ").append(sqlType)
          .append(" COMMENT \":").append(type).append(":\",\n");
    }
    ddl.append("  PRIMARY KEY (`id`)\n) ENGINE=InnoDB");
    database.execute(ddl.toString());
  }

  private void declarePostgresTable(String schema, String table, Map<String, String> columns) {
    String qualified = database.quote(schema) + "." + database.quote(table);
    List<String> statements = new ArrayList<>();
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + qualified + " (" + database.quote("id") + " integer NOT NULL");
    statements.add("COMMENT ON COLUMN " + qualified + "." + database.quote("id") + " IS ':int32:'");
    for (Map.Entry<String, String> column : columns.entrySet()) {
      String type = column.getValue();
      ddl.append(", ").append(database.quote(column.getKey())).append(type.contains("@") ? " jsonb" : " bytea");
      statements.add("COMMENT ON COLUMN " + qualified + "." + database.quote(column.getKey()) + " IS ':"
          + type.replace("'", "''") + ":'");
    }
    ddl.append(", PRIMARY KEY (").append(database.quote("id")).append("))");
    statements.add(0, ddl.toString());
    database.execute(statements.toArray(String[]::new));
  }

  /** Inserts a row: {@code id} plus raw column values (JSON text, or null). */
  public void insert(String schema, String table, int id, Map<String, String> values) {
    List<String> names = new ArrayList<>(values.keySet());
    String sql = "INSERT INTO " + database.quote(schema) + "." + database.quote(table) + " (" + database.quote("id")
        + names.stream().map(n -> ", " + database.quote(n)).reduce("", String::concat) + ") VALUES (?"
        + ", ?".repeat(names.size()) + ")";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, id);
      for (int i = 0; i < names.size(); i++) {
        if (database.postgres()) {
          // untyped: the server takes the text as the column's type (jsonb)
          statement.setObject(i + 2, values.get(names.get(i)), java.sql.Types.OTHER);
        } else {
          statement.setString(i + 2, values.get(names.get(i)));
        }
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a row (its files stay, as in DataJoint). */
  public void delete(String schema, String table, int id) {
    database.execute("DELETE FROM " + database.quote(schema) + "." + database.quote(table) + " WHERE "
        + database.quote("id") + " = " + id);
  }

  /** {@code put_hash}: writes the payload at its hash path (unless present) and returns the JSON. */
  public String putHash(String schema, byte[] payload) {
    String hash = HashPaths.computeHash(payload);
    String path = HashPaths.buildHashPath(hash, schema, hashPrefix, subfolding);
    if (!Files.exists(storeRoot.resolve(path))) {
      write(path, payload);
    }
    return hashJson(hash, path, schema, store, payload.length);
  }

  /** The JSON DataJoint's hash-addressed codecs ({@code <blob@>}, {@code <attach@>}) store in a row. */
  public static String hashJson(String hash, String path, String schema, String store, long size) {
    return "{\"hash\": \"" + hash + "\", \"path\": \"" + path + "\", \"schema\": \"" + schema
        + "\", \"store\": \"" + store + "\", \"size\": " + size + "}";
  }

  /** The JSON {@code <object@>} stores in a row for a single file. */
  public static String objectJson(String path, String store, long size, String ext) {
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"size\": " + size
        + ", \"ext\": " + (ext == null ? "null" : "\"" + ext + "\"")
        + ", \"is_dir\": false, \"item_count\": null, \"timestamp\": \"2026-07-06T12:00:00.123456+00:00\"}";
  }

  /** An {@code <attach@>} payload: {@code filename + NUL + bytes}. */
  public static byte[] attachPayload(String fileName, byte[] content) {
    byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[name.length + 1 + content.length];
    System.arraycopy(name, 0, payload, 0, name.length);
    System.arraycopy(content, 0, payload, name.length + 1, content.length);
    return payload;
  }

  /** {@code <object@>} single file: writes it and returns the JSON. */
  public String putObject(String schema, String table, int id, String field, String token, String ext,
      byte[] content) {
    String path = objectPath(schema, table, id, field, token, ext);
    write(path, content);
    return objectJson(path, store, content.length, ext);
  }

  /** {@code <npy@>}: writes the array file and returns the JSON. */
  public String putNpy(String schema, String table, int id, String field, String token, byte[] content) {
    String path = objectPath(schema, table, id, field, token, ".npy");
    write(path, content);
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"dtype\": \"float64\", \"shape\": ["
        + content.length / 8 + "]}";
  }

  /** {@code <object@>} directory: writes the files, then the {@code .manifest.json} sidecar. */
  public String putFolder(String schema, String table, int id, String field, String token,
      Map<String, byte[]> files) {
    String path = objectPath(schema, table, id, field, token, null);
    long total = 0;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      write(path + "/" + file.getKey(), file.getValue());
      total += file.getValue().length;
    }
    write(path + ".manifest.json", folderManifest(files));
    return folderJson(path, store, total, files.size());
  }

  /** The {@code .manifest.json} sidecar DataJoint writes after a directory object's files. */
  public static byte[] folderManifest(Map<String, byte[]> files) {
    StringBuilder manifest = new StringBuilder("{\n  \"files\": [");
    long total = 0;
    int n = 0;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      manifest.append(n++ == 0 ? "" : ",").append("\n    {\"path\": \"").append(file.getKey())
          .append("\", \"size\": ").append(file.getValue().length).append('}');
      total += file.getValue().length;
    }
    manifest.append("\n  ],\n  \"total_size\": ").append(total).append(",\n  \"item_count\": ").append(files.size())
        .append(",\n  \"created\": \"2026-07-06T12:00:00+00:00\"\n}");
    return manifest.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON {@code <object@>} stores in a row for a directory object. */
  public static String folderJson(String path, String store, long totalSize, int itemCount) {
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"size\": " + totalSize
        + ", \"ext\": null, \"is_dir\": true, \"item_count\": " + itemCount
        + ", \"timestamp\": \"2026-07-06T12:00:00.123456+00:00\"}";
  }

  /** {@code <filepath@>}: a user file at a user path; returns the JSON. */
  public String putUserFile(String relativePath, byte[] content) {
    write(relativePath, content);
    return "{\"path\": \"" + relativePath + "\", \"store\": \"" + store + "\", \"size\": " + content.length
        + ", \"is_dir\": false, \"timestamp\": \"2026-07-06T12:00:00+00:00\"}";
  }

  /** The schema-section path DataJoint builds for a row keyed by {@code id}. */
  public String objectPath(String schema, String table, int id, String field, String token, String ext) {
    LinkedHashMap<String, Object> key = new LinkedHashMap<>();
    key.put("id", id);
    return ObjectPaths.buildObjectPath(schemaPrefix, schema, table, key, field, token, ext);
  }

  /** Writes a file at a store-relative path. */
  public void write(String relativePath, byte[] content) {
    try {
      Path file = storeRoot.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a store-relative path exists. */
  public boolean exists(String relativePath) {
    return Files.exists(storeRoot.resolve(relativePath));
  }
}
