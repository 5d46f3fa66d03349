package org.djgc.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;

/**
 * A small pipeline whose store is called {@code main} (DataJoint's usual name) and whose schema is
 * its own: 4 hash orphans and 2 object-file orphans, 3 live files. Several of these, at different
 * (or the same) locations, share one metadata database, as the store-identity tests need.
 */
final class MainStorePipeline {
  static final String STORE = "main";

  private final TestDatabase db;
  private final Path root;
  private final String schema;
  private final DjFixture fx;
  private final Set<String> live = new TreeSet<>();
  private final Set<String> orphans = new TreeSet<>();

  MainStorePipeline(TestDatabase db, Path root, String schema) {
    this.db = db;
    this.root = root.toAbsolutePath().normalize();
    this.schema = schema;
    this.fx = new DjFixture(db, this.root, STORE);
  }

  Path root() {
    return root;
  }

  String schema() {
    return schema;
  }

  Set<String> live() {
    return Set.copyOf(live);
  }

  Set<String> orphans() {
    return Set.copyOf(orphans);
  }

  /** Drops the schema and writes it again: tables, files, rows, then the deletions that orphan files. */
  void build() {
    db.recreateSchema(schema);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fx.declareTable(schema, "blob_t", Map.of("payload", "<blob@main>"));
    fx.declareTable(schema, "obj_t", Map.of("file", "<object@main>"));
    for (int id = 1; id <= 6; id++) {
      String blob = fx.putHash(schema, CrashPipeline.bytes(schema + " blob " + id));
      fx.insert(schema, "blob_t", id, Map.of("payload", blob));
      (id <= 4 ? orphans : live).add(CrashPipeline.pathOf(blob));
    }
    for (int id = 1; id <= 3; id++) {
      String file = fx.putObject(schema, "obj_t", id, "file", "tok" + id + "abc", ".dat",
          CrashPipeline.bytes(schema + " object " + id));
      fx.insert(schema, "obj_t", id, Map.of("file", file));
      (id <= 2 ? orphans : live).add(CrashPipeline.pathOf(file));
    }
    for (int id = 1; id <= 4; id++) {
      fx.delete(schema, "blob_t", id);
    }
    fx.delete(schema, "obj_t", 1);
    fx.delete(schema, "obj_t", 2);
  }

  /** A DataJoint config whose store {@code main} has {@code location} as spelled. */
  Path writeConfig(Path directory, String location) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "file");
    spec.put("location", location);
    return writeConfig(directory, spec);
  }

  /** A DataJoint config whose store {@code main} is {@code spec}. */
  Path writeConfig(Path directory, Map<String, Object> spec) {
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("host", db.host());
    database.put("port", db.port());
    database.put("user", db.user());
    database.put("password", db.password());
    database.put("backend", "mysql");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("database", database);
    config.put("stores", Map.of(STORE, spec));
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("datajoint.json");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file of the store: relative path → digest. */
  Map<String, String> files() {
    return CrashState.rawFiles(root);
  }

  /** Files under the trash prefix. */
  List<String> trashFiles() {
    return files().keySet().stream().filter(p -> p.startsWith("_trash/")).toList();
  }

  /** Every ledger row (all columns that a run changes) whose original path is in this pipeline's sections. */
  List<String> ledgerRows() {
    List<String> rows = new ArrayList<>();
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT id, store, original_path, trash_path, state,"
            + " state_changed_at, quarantined_at, purge_execution_id, restore_execution_id, error"
            + " FROM datajoint_gc.gc_quarantine WHERE original_path LIKE ? OR original_path LIKE ? ORDER BY id")) {
      s.setString(1, "_hash/" + schema + "/%");
      s.setString(2, "_schema/" + schema + "/%");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= 10; i++) {
            row.append(i == 1 ? "" : " | ").append(r.getString(i));
          }
          rows.add(row.toString());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Ledger states of this pipeline's rows: state → count. */
  Map<String, Integer> states() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String row : ledgerRows()) {
      counts.merge(row.split(" \\| ")[4], 1, Integer::sum);
    }
    return counts;
  }

  /** Deletes this pipeline's ledger rows and schema (files stay for the caller to remove). */
  void clear() {
    db.dropSchemas(schema);
    try (Connection connection = db.dataSource().getConnection()) {
      try (ResultSet t = connection.getMetaData().getTables("datajoint_gc", null, "gc_quarantine", null)) {
        if (!t.next()) {
          return;
        }
      }
      try (PreparedStatement s = connection.prepareStatement("DELETE FROM datajoint_gc.gc_quarantine"
          + " WHERE original_path LIKE ? OR original_path LIKE ?")) {
        s.setString(1, "_hash/" + schema + "/%");
        s.setString(2, "_schema/" + schema + "/%");
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
