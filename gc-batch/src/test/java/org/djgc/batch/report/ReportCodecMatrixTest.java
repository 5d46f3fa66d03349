package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.DjFixture;
import org.junit.jupiter.api.Test;

/**
 * Upstream's {@code test_gc.py} live-data matrix, ported to the {@code report} job: every codec
 * kind, hash dedup, directory objects with manifests, a custom schema-addressed codec, and a table
 * whose name contains {@code _hash}. Live rows never yield orphans; deleting a row orphans exactly
 * its files.
 */
class ReportCodecMatrixTest extends ReportTestBase {

  /** Declares one table per codec kind in {@code schema} and inserts rows 1 and 2; returns row 1's files. */
  private Set<String> pipelineWithEveryCodec(DjFixture f, String schema) {
    f.declareTable(schema, "blob_test", Map.of("payload", "<blob@local>", "inline", "<blob>"));
    f.declareTable(schema, "attach_test", Map.of("doc", "<attach@local>"));
    f.declareTable(schema, "gc_probe_hash", Map.of("raw", "<hash@local>"));
    f.declareTable(schema, "npy_test", Map.of("arr", "<npy@local>"));
    f.declareTable(schema, "object_test", Map.of("file", "<object@local>", "folder", "<object@local>"));
    f.declareTable(schema, "custom_test", Map.of("txt", "<gc_custom_object@local>"));
    f.declareTable(schema, "user_file", Map.of("fp", "<filepath@local>"));
    Set<String> rowOneFiles = new HashSet<>();
    for (int id = 1; id <= 2; id++) {
      String blob = f.putHash(schema, bytes("blob payload " + id));
      f.insert(schema, "blob_test", id, Map.of("payload", blob));
      String attach = f.putHash(schema, DjFixture.attachPayload("a" + id + ".txt", bytes("hi " + id)));
      f.insert(schema, "attach_test", id, Map.of("doc", attach));
      String raw = f.putHash(schema, bytes("raw " + id));
      f.insert(schema, "gc_probe_hash", id, Map.of("raw", raw));
      String npy = f.putNpy(schema, "npy_test", id, "arr", "Q1w2E3r" + id, new byte[16]);
      f.insert(schema, "npy_test", id, Map.of("arr", npy));
      String file = f.putObject(schema, "object_test", id, "file", "Xa9-_Q2" + id, ".dat", bytes("file " + id));
      Map<String, byte[]> chunks = new LinkedHashMap<>();
      chunks.put("0.0", new byte[] {1});
      chunks.put(".zarray", new byte[] {1, 2});
      chunks.put("sub/1.0", new byte[] {3});
      String folder = f.putFolder(schema, "object_test", id, "folder", "VSrfwiT" + id, chunks);
      f.insert(schema, "object_test", id, Map.of("file", file, "folder", folder));
      String custom = f.putObject(schema, "custom_test", id, "txt", "tok0000" + id, ".txt", bytes("text " + id));
      f.insert(schema, "custom_test", id, Map.of("txt", custom));
      String user = f.putUserFile("userfiles/" + schema + "/u" + id + ".bin", bytes("user " + id));
      f.insert(schema, "user_file", id, Map.of("fp", user));
      if (id == 1) {
        for (String json : List.of(blob, attach, raw, npy, file, custom)) {
          rowOneFiles.add(pathOf(json));
        }
        String dir = pathOf(folder);
        rowOneFiles.addAll(List.of(dir + "/0.0", dir + "/.zarray", dir + "/sub/1.0", dir + ".manifest.json"));
      }
    }
    return rowOneFiles;
  }

  private void deleteRowOne(String schema) {
    for (String table : List.of("blob_test", "attach_test", "gc_probe_hash", "npy_test", "object_test",
        "custom_test", "user_file")) {
      fx.delete(schema, table, 1);
    }
  }

  @Test
  void liveRowsOfEveryCodecKindLeaveNoOrphans() {
    // given
    pipelineWithEveryCodec(fx, A);

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then
    assertThat(report.orphans()).isEmpty();
    assertThat(report.stat("hash_paths_orphaned")).isZero();
    assertThat(report.stat("schema_paths_orphaned")).isZero();
    assertThat(report.stat("hash_paths_referenced")).isEqualTo(6);
    assertThat(report.stat("hash_paths_stored")).isEqualTo(6);
    assertThat(report.stat("schema_paths_referenced")).isEqualTo(8);
    assertThat(report.stat("schema_paths_stored")).isEqualTo(14);
    assertThat(report.stats().get("dry_run").asBoolean()).isTrue();
    assertThat(report.stats().get("scan_errors")).isEmpty();
  }

  @Test
  void deletingARowOrphansExactlyItsFiles() {
    // given
    Set<String> rowOneFiles = pipelineWithEveryCodec(fx, A);
    deleteRowOne(A);

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then
    assertThat(report.orphanPaths()).containsExactlyInAnyOrderElementsOf(rowOneFiles);
    for (Map.Entry<String, Long> orphan : report.orphans().entrySet()) {
      assertThat(storeRoot.resolve(orphan.getKey()).toFile().length()).isEqualTo(orphan.getValue());
    }
    assertThat(report.stat("hash_paths_orphaned")).isEqualTo(3);
    assertThat(report.stat("schema_paths_orphaned")).isEqualTo(7);
    assertThat(report.orphanPaths()).noneMatch(p -> p.startsWith("userfiles/"));
    assertThat(fx.exists("userfiles/" + A + "/u1.bin")).isTrue();
  }

  @Test
  void hashDedupKeepsASharedFileUntilItsLastReferenceIsGone() {
    // given: the same bytes in three rows of two tables and two columns
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>", "extra", "<blob@local>"));
    fx.declareTable(A, "gc_probe_hash", Map.of("raw", "<hash@local>"));
    String shared = fx.putHash(A, bytes("same content"));
    fx.insert(A, "blob_test", 1, Map.of("payload", shared));
    fx.insert(A, "blob_test", 2, Map.of("extra", shared));
    fx.insert(A, "gc_probe_hash", 1, Map.of("raw", shared));

    // when two of three rows are deleted
    fx.delete(A, "blob_test", 1);
    fx.delete(A, "gc_probe_hash", 1);
    ReportJson whileShared = cleanReport("--schema=" + A);
    fx.delete(A, "blob_test", 2);
    ReportJson afterLast = cleanReport("--schema=" + A);

    // then
    assertThat(whileShared.orphans()).isEmpty();
    assertThat(whileShared.stat("hash_paths_referenced")).isEqualTo(1);
    assertThat(afterLast.orphanPaths()).containsExactly(pathOf(shared));
    assertThat(afterLast.stat("hash_paths_orphaned_bytes")).isEqualTo("same content".length());
  }

  @Test
  void subfoldingAndCustomPrefixesAreHonoured() {
    // given
    storeSetting("hash_prefix", "content");
    storeSetting("schema_prefix", "objects");
    storeSetting("subfolding", List.of(2, 2));
    DjFixture custom = fixture(storeRoot, STORE, "content", "objects", List.of(2, 2));
    Set<String> rowOne = pipelineWithEveryCodec(custom, A);
    deleteRowOne(A);
    String formerPrefixFile = "_hash/" + A + "/" + HashPaths.computeHash(bytes("old")) ;
    custom.write(formerPrefixFile, bytes("old"));

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then
    assertThat(rowOne).allMatch(p -> p.startsWith("content/" + A + "/") || p.startsWith("objects/" + A + "/"));
    assertThat(rowOne).anyMatch(p -> p.matches("content/" + A + "/[a-z2-7]{2}/[a-z2-7]{2}/[a-z2-7]{26}"));
    assertThat(report.orphanPaths()).containsExactlyInAnyOrderElementsOf(rowOne);
    assertThat(report.orphanPaths()).doesNotContain(formerPrefixFile);
  }
}
