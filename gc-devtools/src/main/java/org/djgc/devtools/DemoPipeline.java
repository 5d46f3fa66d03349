package org.djgc.devtools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;

/**
 * The demo pipeline: schema {@code djgc_demo} on store {@code demo}, with every built-in codec
 * kind, 20 sessions, then 6 sessions deleted the way DataJoint deletes (rows go, files stay).
 */
final class DemoPipeline {
  static final String SCHEMA = "djgc_demo";
  static final String STORE = "demo";

  private final TestDatabase db;
  private final Path root;

  DemoPipeline(TestDatabase db, Path root) {
    this.db = db;
    this.root = root;
  }

  void build(Path configDir) throws Exception {
    db.recreateSchema(SCHEMA);
    DjFixture fx = new DjFixture(db, root, STORE);
    fx.declareTable(SCHEMA, "session", Map.of("params", "<blob@demo>", "notes", "<attach@demo>"));
    fx.declareTable(SCHEMA, "__recording", Map.of("trace", "<npy@demo>", "raw", "<object@demo>",
        "zarr", "<object@demo>"));
    fx.declareTable(SCHEMA, "acquisition", Map.of("file", "<filepath@demo>"));
    String sharedParams = fx.putHash(SCHEMA, utf8("default parameters"));
    for (int id = 1; id <= 20; id++) {
      String params = id % 4 == 0 ? fx.putHash(SCHEMA, utf8("custom parameters " + id)) : sharedParams;
      String notes = fx.putHash(SCHEMA, DjFixture.attachPayload("notes-" + id + ".txt", utf8("session " + id)));
      fx.insert(SCHEMA, "session", id, Map.of("params", params, "notes", notes));
      Map<String, byte[]> chunks = new LinkedHashMap<>();
      chunks.put(".zarray", utf8("{\"shape\": [2]}"));
      chunks.put("0", new byte[64]);
      fx.insert(SCHEMA, "__recording", id, Map.of(
          "trace", fx.putNpy(SCHEMA, "__recording", id, "trace", token(id, 't'), new byte[8 * 100]),
          "raw", fx.putObject(SCHEMA, "__recording", id, "raw", token(id, 'r'), ".dat", new byte[256 + id]),
          "zarr", fx.putFolder(SCHEMA, "__recording", id, "zarr", token(id, 'z'), chunks)));
      fx.insert(SCHEMA, "acquisition", id, Map.of("file",
          fx.putUserFile("acquisition/run" + id + ".bin", new byte[100])));
    }
    for (int id : new int[] {3, 5, 8, 13, 17, 19}) {
      fx.delete(SCHEMA, "session", id);
      fx.delete(SCHEMA, "__recording", id);
      fx.delete(SCHEMA, "acquisition", id);
    }
    DevTools.writeConfig(db, configDir, STORE, root, "");
    System.out.println("Demo pipeline: schema " + SCHEMA + ", store " + STORE + " at " + root
        + " (20 sessions written, 6 deleted)");
  }

  /**
   * A deleted session comes back (e.g. re-inserted from a backup) while its files are quarantined:
   * its row points at paths that are now in the trash, so the next purge must heal them.
   */
  void reinsertSession(int id) {
    DjFixture fx = new DjFixture(db, root, STORE);
    String params = id % 4 == 0 ? "custom parameters " + id : "default parameters";
    fx.insert(SCHEMA, "session", id, Map.of("params", hashJson(utf8(params)), "notes",
        hashJson(DjFixture.attachPayload("notes-" + id + ".txt", utf8("session " + id)))));
    System.out.println("Re-inserted " + SCHEMA + ".session id=" + id + " (its files are in quarantine)");
  }

  private static String hashJson(byte[] payload) {
    String hash = org.djgc.core.layout.HashPaths.computeHash(payload);
    return "{\"hash\": \"" + hash + "\", \"path\": \"_hash/" + SCHEMA + "/" + hash + "\", \"schema\": \"" + SCHEMA
        + "\", \"store\": \"" + STORE + "\", \"size\": " + payload.length + "}";
  }

  private static String token(int id, char kind) {
    return String.format("%c%07d", kind, id);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
