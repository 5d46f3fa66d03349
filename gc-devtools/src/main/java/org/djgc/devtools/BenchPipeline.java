package org.djgc.devtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.layout.ObjectPaths;
import org.djgc.core.testing.TestDatabase;

/**
 * The benchmark pipeline: {@code N} stored objects in store {@code bench} (subfolding [2,2]), half
 * hash-addressed ({@code <blob@bench>}), half schema-addressed ({@code <object@bench>}), every
 * tenth unreferenced, and {@code N} rows in {@code djgc_bench.bench_item} (rows whose object is an
 * orphan share one hash object instead, as dedup would).
 */
final class BenchPipeline {
  static final String SCHEMA = "djgc_bench";
  static final String STORE = "bench";
  static final List<Integer> SUBFOLDING = List.of(2, 2);
  private static final int BATCH = 2000;

  /** Where the pipeline's files go: a local directory, or a bucket ({@link BenchS3}). */
  interface Sink {
    /** Stores one file at its store-relative path. */
    void write(String relative, byte[] payload) throws IOException;

    /** Waits until every file written so far is stored. */
    default void finish() throws IOException {}

    /** Writes {@code datajoint.json} for store {@link #STORE} into {@code configDir}. */
    void writeConfig(TestDatabase db, Path configDir) throws IOException;
  }

  private final TestDatabase db;
  private final Sink sink;
  private final int count;

  BenchPipeline(TestDatabase db, Path root, int count) {
    this(db, localSink(root), count);
  }

  BenchPipeline(TestDatabase db, Sink sink, int count) {
    this.db = db;
    this.sink = sink;
    this.count = count;
  }

  /** The original sink: files under {@code root}, a {@code file} store with subfolding [2, 2]. */
  private static Sink localSink(Path root) {
    return new Sink() {
      @Override
      public void write(String relative, byte[] payload) throws IOException {
        Path file = root.resolve(relative);
        Path parent = file.getParent();
        if (!Files.isDirectory(parent)) {
          Files.createDirectories(parent);
        }
        Files.write(file, payload);
      }

      @Override
      public void writeConfig(TestDatabase db, Path configDir) throws IOException {
        DevTools.writeConfig(db, configDir, STORE, root, ", \"subfolding\": [2, 2]");
      }
    };
  }

  void build(Path configDir) throws Exception {
    db.recreateSchema(SCHEMA);
    db.execute("CREATE TABLE `" + SCHEMA + "`.`bench_item` (`id` int NOT NULL COMMENT \":int32:\", "
        + "`blob_ref` json DEFAULT NULL COMMENT \":<blob@bench>:\", "
        + "`obj_ref` json DEFAULT NULL COMMENT \":<object@bench>:\", PRIMARY KEY (`id`)) ENGINE=InnoDB");
    String url = db.jdbcUrl() + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
    long orphanBytes = 0;
    try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO `" + SCHEMA + "`.`bench_item` (id, blob_ref, obj_ref) VALUES (?, ?, ?)")) {
      connection.setAutoCommit(false);
      String sharedJson = null;
      for (int i = 0; i < count; i++) {
        boolean hash = i < count / 2;
        byte[] payload = ("bench object " + i).getBytes(StandardCharsets.UTF_8);
        String path = hash ? hashPath(payload) : objectPath(i);
        sink.write(path, payload);
        String json = hash ? hashJson(payload, path) : objectJson(path, payload.length);
        if (i == 0) {
          sharedJson = json;
        }
        boolean orphan = i % 10 == 9;
        orphanBytes += orphan ? payload.length : 0;
        insert.setInt(1, i);
        insert.setString(2, orphan || hash ? (orphan ? sharedJson : json) : null);
        insert.setString(3, !orphan && !hash ? json : null);
        insert.addBatch();
        if ((i + 1) % BATCH == 0) {
          insert.executeBatch();
          connection.commit();
        }
      }
      insert.executeBatch();
      connection.commit();
    }
    sink.finish();
    sink.writeConfig(db, configDir);
    System.out.printf("Bench pipeline: %d objects (%d orphaned, %d bytes), %d rows in %s.bench_item%n", count,
        count / 10, orphanBytes, count, SCHEMA);
  }

  private String hashPath(byte[] payload) {
    return HashPaths.buildHashPath(HashPaths.computeHash(payload), SCHEMA, "_hash", SUBFOLDING);
  }

  private static String objectPath(int id) {
    java.util.LinkedHashMap<String, Object> key = new java.util.LinkedHashMap<>();
    key.put("id", id);
    return ObjectPaths.buildObjectPath("_schema", SCHEMA, "bench_item", key, "obj_ref",
        String.format("t%07d", id % 10_000_000), ".dat");
  }

  private static String hashJson(byte[] payload, String path) {
    return "{\"hash\": \"" + HashPaths.computeHash(payload) + "\", \"path\": \"" + path + "\", \"schema\": \""
        + SCHEMA + "\", \"store\": \"" + STORE + "\", \"size\": " + payload.length + "}";
  }

  private static String objectJson(String path, int size) {
    return "{\"path\": \"" + path + "\", \"store\": \"" + STORE + "\", \"size\": " + size
        + ", \"ext\": \".dat\", \"is_dir\": false, \"item_count\": null, \"timestamp\": \"2026-07-06T12:00:00+00:00\"}";
  }

}
