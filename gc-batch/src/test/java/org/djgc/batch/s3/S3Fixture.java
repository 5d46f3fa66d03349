package org.djgc.batch.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link DjFixture} for an S3 store: the same tables, rows and JSON metadata as DataJoint writes
 * them, with the files uploaded to {@code bucket} under {@code {location}/{path}} (DataJoint's
 * key for a store path) instead of a local directory. Tables, inserts and deletes go through a
 * {@link DjFixture} (they touch no files); every file goes through the SDK client.
 */
final class S3Fixture {
  private final DjFixture tables;
  private final S3Client s3;
  private final String bucket;
  private final String location;
  private final String store;
  private final String hashPrefix = "_hash";

  S3Fixture(TestDatabase db, S3Client s3, String bucket, String location, String store) {
    // the store root of the delegate is never used: only its table/row methods are called
    this.tables = new DjFixture(db, Path.of("/nonexistent-s3-fixture-root"), store);
    this.s3 = s3;
    this.bucket = bucket;
    this.location = location;
    this.store = store;
  }

  // ---------------------------------------------------------------------------------------------
  // tables and rows (no files involved)

  void declareTable(String schema, String table, Map<String, String> columns) {
    tables.declareTable(schema, table, columns);
  }

  void insert(String schema, String table, int id, Map<String, String> values) {
    tables.insert(schema, table, id, values);
  }

  void delete(String schema, String table, int id) {
    tables.delete(schema, table, id);
  }

  String objectPath(String schema, String table, int id, String field, String token, String ext) {
    return tables.objectPath(schema, table, id, field, token, ext);
  }

  // ---------------------------------------------------------------------------------------------
  // DataJoint's writers, the JSON shaped exactly as DjFixture's

  /** {@code put_hash}: uploads the payload at its hash path unless present, returns the JSON. */
  String putHash(String schema, byte[] payload) {
    String hash = HashPaths.computeHash(payload);
    String path = HashPaths.buildHashPath(hash, schema, hashPrefix, List.of());
    if (!exists(path)) {
      write(path, payload);
    }
    return hashJson(schema, payload);
  }

  /** The JSON a row holds for a hash-addressed payload (no upload). */
  String hashJson(String schema, byte[] payload) {
    String hash = HashPaths.computeHash(payload);
    String path = HashPaths.buildHashPath(hash, schema, hashPrefix, List.of());
    return "{\"hash\": \"" + hash + "\", \"path\": \"" + path + "\", \"schema\": \"" + schema
        + "\", \"store\": \"" + store + "\", \"size\": " + payload.length + "}";
  }

  /** {@code <object@>} single file. */
  String putObject(String schema, String table, int id, String field, String token, String ext, byte[] content) {
    String path = objectPath(schema, table, id, field, token, ext);
    write(path, content);
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"size\": " + content.length
        + ", \"ext\": " + (ext == null ? "null" : "\"" + ext + "\"")
        + ", \"is_dir\": false, \"item_count\": null, \"timestamp\": \"2026-07-06T12:00:00.123456+00:00\"}";
  }

  /** {@code <npy@>}. */
  String putNpy(String schema, String table, int id, String field, String token, byte[] content) {
    String path = objectPath(schema, table, id, field, token, ".npy");
    write(path, content);
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"dtype\": \"float64\", \"shape\": ["
        + content.length / 8 + "]}";
  }

  /** {@code <object@>} directory: the files, then the {@code .manifest.json} sidecar. */
  String putFolder(String schema, String table, int id, String field, String token, Map<String, byte[]> files) {
    String path = objectPath(schema, table, id, field, token, null);
    StringBuilder manifest = new StringBuilder("{\n  \"files\": [");
    long total = 0;
    int n = 0;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      write(path + "/" + file.getKey(), file.getValue());
      manifest.append(n++ == 0 ? "" : ",").append("\n    {\"path\": \"").append(file.getKey())
          .append("\", \"size\": ").append(file.getValue().length).append('}');
      total += file.getValue().length;
    }
    manifest.append("\n  ],\n  \"total_size\": ").append(total).append(",\n  \"item_count\": ").append(files.size())
        .append(",\n  \"created\": \"2026-07-06T12:00:00+00:00\"\n}");
    write(path + ".manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
    return "{\"path\": \"" + path + "\", \"store\": \"" + store + "\", \"size\": " + total
        + ", \"ext\": null, \"is_dir\": true, \"item_count\": " + files.size()
        + ", \"timestamp\": \"2026-07-06T12:00:00.123456+00:00\"}";
  }

  // ---------------------------------------------------------------------------------------------
  // the bucket, addressed by store path

  /** The object key of a store path: {@code {location}/{path}}. */
  String key(String path) {
    return location.isEmpty() ? path : location + "/" + path;
  }

  void write(String path, byte[] content) {
    s3.putObject(b -> b.bucket(bucket).key(key(path)), RequestBody.fromBytes(content));
  }

  boolean exists(String path) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key(path)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  Optional<String> read(String path) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(path))).asUtf8String());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  void remove(String path) {
    s3.deleteObject(b -> b.bucket(bucket).key(key(path)));
  }

  /** Every object of the bucket: full key → size (paginated listing). */
  Map<String, Long> bucketObjects() {
    Map<String, Long> objects = new TreeMap<>();
    for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      objects.put(object.key(), object.size());
    }
    return objects;
  }

  /** Store paths of every object under the location, trash included. */
  Map<String, Long> storeObjects() {
    Map<String, Long> objects = new TreeMap<>();
    String prefix = location.isEmpty() ? "" : location + "/";
    bucketObjects().forEach((k, size) -> {
      if (k.startsWith(prefix)) {
        objects.put(k.substring(prefix.length()), size);
      }
    });
    return objects;
  }

  /** Objects under {@code {location}/_trash/}: original path → trash path (store-relative). */
  Map<String, String> trash() {
    Map<String, String> trash = new TreeMap<>();
    for (String path : storeObjects().keySet()) {
      if (path.startsWith("_trash/")) {
        String rest = path.substring("_trash/".length());
        trash.put(rest.substring(rest.indexOf('/') + 1), path);
      }
    }
    return trash;
  }

  /** Store paths outside the trash. */
  java.util.Set<String> originals() {
    java.util.Set<String> paths = new java.util.TreeSet<>(storeObjects().keySet());
    paths.removeIf(p -> p.startsWith("_trash/"));
    return paths;
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
