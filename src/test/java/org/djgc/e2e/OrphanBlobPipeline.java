package org.djgc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.PipelineServer;

/**
 * The smallest pipeline a jar test needs: one schema whose {@code blob_test} keeps one live hash
 * object and leaves one orphan, a {@code file} store, a {@code datajoint.json} in a project
 * directory, and a metadata database of its own (so the ledger and the job repository can be read
 * back without other tests' rows).
 */
final class OrphanBlobPipeline {
  private final PipelineServer db;
  private final String schema;
  private final String metadata;
  private final Path store;
  private final Path project;
  private final String live;
  private final String orphan;

  /** Builds it under {@code tmp} on {@code db}: schema and metadata database (or schema) recreated, files written. */
  OrphanBlobPipeline(PipelineServer db, Path tmp, String schema, String metadata, String storeName) {
    this.db = db;
    this.schema = schema;
    this.metadata = metadata;
    db.recreateSchema(schema);
    db.recreateSchema(metadata);
    try {
      store = Files.createDirectories(tmp.resolve("store"));
      DjFixture fx = new DjFixture(db, store, storeName);
      fx.declareTable(schema, "blob_test", Map.of("payload", "<blob@" + storeName + ">"));
      live = "_hash/" + schema + "/" + HashPaths.computeHash("live".getBytes());
      fx.insert(schema, "blob_test", 1, Map.of("payload", fx.putHash(schema, "live".getBytes())));
      orphan = "_hash/" + schema + "/" + HashPaths.computeHash("orphan".getBytes());
      fx.putHash(schema, "orphan".getBytes());
      project = Files.createDirectories(tmp.resolve("project"));
      Map<String, Object> config = Map.of("database", db.datajointSettings(),
          "stores", Map.of(storeName, Map.of("protocol", "file", "location", store.toString())));
      Files.writeString(project.resolve("datajoint.json"),
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path store() {
    return store;
  }

  Path project() {
    return project;
  }

  /** The live hash object's store-relative path. */
  String live() {
    return live;
  }

  /** The orphaned hash object's store-relative path. */
  String orphan() {
    return orphan;
  }

  /** Drops the schema and the metadata database. */
  void drop() {
    db.dropSchemas(schema, metadata);
  }

  /** The store-relative paths of the regular files under {@code under}, sorted; none if it is absent. */
  List<String> files(String under) throws IOException {
    Path root = store.resolve(under);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()).sorted().toList();
    }
  }

  /** The first column of a query in the metadata database, as strings. */
  List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = db.dataSourceIn(metadata).getConnection(); Statement s = connection.createStatement()) {
      try (ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          values.add(r.getString(1));
        }
      }
    }
    return values;
  }
}
