package org.djgc.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;

/**
 * A small DataJoint-format pipeline on its own store {@code crash} and schemas {@code gce_a},
 * {@code gce_b}, rebuilt identically (same schemas, same paths, same bytes) by every {@link
 * #rebuild()}, so the final state of a crashed-and-restarted run can be compared with the one of an
 * uninterrupted run.
 *
 * <p>Contents: hash objects ({@code <blob@crash>}, with dedup: one hash shared by a deleted and a
 * kept row, one shared by two deleted rows), {@code <object@crash>} single files and folder objects
 * with a manifest, {@code <npy@crash>} arrays. Deleting rows orphans {@value #ORPHAN_COUNT} files
 * in 10 units. Files outside the requested sections ({@code <filepath@>}-style user files, a note,
 * a section of a schema that is not requested) must never be touched.
 */
final class CrashPipeline {
  static final String STORE = "crash";
  static final String A = "gce_a";
  static final String B = "gce_b";
  static final String SCHEMAS = A + "," + B;
  static final int ORPHAN_COUNT = 14;

  private final TestDatabase db;
  private final Path storeRoot;
  private final Path configFile;
  private final DjFixture fx;

  /** Files at their original path that live rows reference. */
  private final Set<String> live = new TreeSet<>();
  /** Files whose rows were deleted. */
  private final Set<String> orphans = new TreeSet<>();
  /** Files outside the examined sections: never touched. */
  private final Map<String, byte[]> outside = new LinkedHashMap<>();
  private String lateReferenceJson;
  private String lateReferencePath;

  CrashPipeline(TestDatabase db, Path storeRoot, Path configDirectory) {
    this.db = db;
    this.storeRoot = storeRoot.toAbsolutePath().normalize();
    this.fx = new DjFixture(db, this.storeRoot, STORE);
    this.configFile = writeConfig(configDirectory);
  }

  Path storeRoot() {
    return storeRoot;
  }

  Path configFile() {
    return configFile;
  }

  Set<String> live() {
    return Set.copyOf(live);
  }

  Set<String> orphans() {
    return Set.copyOf(orphans);
  }

  Map<String, byte[]> outside() {
    return Map.copyOf(outside);
  }

  /** The hash file that {@link #referenceAgain()} makes live again (an orphan until then). */
  String lateReferencePath() {
    return lateReferencePath;
  }

  /** {@code file:<absolute location>}, as StoreSpec.describe() renders a file store. */
  String describe() {
    return "file:" + storeRoot;
  }

  /** Drops everything this pipeline ever made (schemas, store files, ledger rows of store crash). */
  void clear() {
    db.dropSchemas(A, B);
    db.execute("CREATE DATABASE IF NOT EXISTS datajoint_gc");
    if (ledgerExists()) {
      db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
    }
    deleteTree(storeRoot);
    live.clear();
    orphans.clear();
    outside.clear();
  }

  /** Clears, then writes the pipeline: tables, files, rows, and the deletions that orphan files. */
  void rebuild() {
    clear();
    try {
      Files.createDirectories(storeRoot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db.recreateSchema(A);
    db.recreateSchema(B);
    fx.declareTable(A, "blob_t", Map.of("payload", "<blob@crash>"));
    fx.declareTable(A, "obj_t", new LinkedHashMap<>(Map.of("file", "<object@crash>", "folder", "<object@crash>")));
    fx.declareTable(B, "npy_t", Map.of("arr", "<npy@crash>"));
    fx.declareTable(B, "blob_t", Map.of("payload", "<blob@crash>"));

    // gce_a.blob_t: rows 1..8 distinct; row 9 dedups row 2 (kept), row 10 dedups row 3 (deleted too)
    String[] blobA = new String[11];
    for (int id = 1; id <= 8; id++) {
      blobA[id] = fx.putHash(A, bytes("gce_a blob payload " + id));
      fx.insert(A, "blob_t", id, Map.of("payload", blobA[id]));
    }
    blobA[9] = fx.putHash(A, bytes("gce_a blob payload 2"));
    fx.insert(A, "blob_t", 9, Map.of("payload", blobA[9]));
    blobA[10] = fx.putHash(A, bytes("gce_a blob payload 3"));
    fx.insert(A, "blob_t", 10, Map.of("payload", blobA[10]));
    // rows 1, 2, 3, 4, 10 deleted: hashes 1, 3 (shared by rows 3 and 10) and 4 are orphans; hash 2 stays
    // live through row 9
    for (int id : new int[] {1, 3, 4}) {
      orphans.add(pathOf(blobA[id]));
    }
    for (int id : new int[] {2, 5, 6, 7, 8}) {
      live.add(pathOf(blobA[id]));
    }
    for (int id : new int[] {1, 2, 3, 4, 10}) {
      fx.delete(A, "blob_t", id);
    }
    lateReferencePath = pathOf(blobA[1]);
    lateReferenceJson = blobA[1];

    // gce_a.obj_t: a single file and a folder object (2 files + manifest) per row; rows 1, 2 deleted
    for (int id = 1; id <= 4; id++) {
      String file = fx.putObject(A, "obj_t", id, "file", "ftok" + id + "xyz", ".dat", bytes("object file " + id));
      Map<String, byte[]> chunks = new LinkedHashMap<>();
      chunks.put(".zarray", bytes("{\"chunks\": [" + id + "]}"));
      chunks.put("0.0", bytes("zarr chunk of row " + id));
      String folder = fx.putFolder(A, "obj_t", id, "folder", "dtok" + id + "xyz", chunks);
      fx.insert(A, "obj_t", id, Map.of("file", file, "folder", folder));
      String dir = pathOf(folder);
      List<String> files = List.of(pathOf(file), dir + "/.zarray", dir + "/0.0", dir + ".manifest.json");
      (id <= 2 ? orphans : live).addAll(files);
    }
    fx.delete(A, "obj_t", 1);
    fx.delete(A, "obj_t", 2);

    // gce_b.npy_t: rows 1..5, rows 1, 2 deleted
    for (int id = 1; id <= 5; id++) {
      byte[] array = new byte[8 * (id + 1)];
      array[0] = (byte) id;
      String npy = fx.putNpy(B, "npy_t", id, "arr", "ntok" + id + "xyz", array);
      fx.insert(B, "npy_t", id, Map.of("arr", npy));
      (id <= 2 ? orphans : live).add(pathOf(npy));
    }
    fx.delete(B, "npy_t", 1);
    fx.delete(B, "npy_t", 2);

    // gce_b.blob_t: rows 1..4, row 1 deleted
    for (int id = 1; id <= 4; id++) {
      String blob = fx.putHash(B, bytes("gce_b blob payload " + id));
      fx.insert(B, "blob_t", id, Map.of("payload", blob));
      (id == 1 ? orphans : live).add(pathOf(blob));
    }
    fx.delete(B, "blob_t", 1);

    // outside the requested sections: never touched by any job
    outside("user/recordings/session1.bin", bytes("a user file next to the sections"));
    outside("notes.txt", bytes("operator notes"));
    outside("_schema/gce_other/t/id=1/f_abc.dat", bytes("a section of a schema not requested"));
    outside("_hash/gce_other/aaaaaaaaaaaaaaaaaaaaaaaaaa", bytes("a hash section of a schema not requested"));

    if (orphans.size() != ORPHAN_COUNT) {
      throw new IllegalStateException("pipeline has " + orphans.size() + " orphans, expected " + ORPHAN_COUNT
          + ": " + orphans);
    }
  }

  /**
   * A late writer whose {@code exists()} check came before the file was quarantined commits a row
   * referencing the hash path of a quarantined orphan (the file is not rewritten): purge must heal it.
   */
  void referenceAgain() {
    fx.insert(A, "blob_t", 11, Map.of("payload", lateReferenceJson));
  }

  /** After the heal the late reference is live. */
  void lateReferenceHealed() {
    orphans.remove(lateReferencePath);
    live.add(lateReferencePath);
  }

  private void outside(String path, byte[] content) {
    fx.write(path, content);
    outside.put(path, content);
  }

  private boolean ledgerExists() {
    try (var connection = db.dataSource().getConnection();
        var rs = connection.getMetaData().getTables("datajoint_gc", null, "gc_quarantine", null)) {
      return rs.next();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path writeConfig(Path directory) {
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("host", db.host());
    database.put("port", db.port());
    database.put("user", db.user());
    database.put("password", db.password());
    database.put("backend", "mysql");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "file");
    spec.put("location", storeRoot.toString());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("database", database);
    root.put("stores", Map.of(STORE, spec));
    try {
      Files.createDirectories(directory);
      Files.createDirectories(storeRoot);
      Path file = directory.resolve("datajoint.json");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(root)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The path inside a DataJoint JSON value. */
  static String pathOf(String json) {
    int start = json.indexOf("\"path\": \"") + 9;
    return json.substring(start, json.indexOf('"', start));
  }
}
