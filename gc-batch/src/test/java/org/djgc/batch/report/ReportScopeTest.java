package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.DjFixture;
import org.junit.jupiter.api.Test;

/**
 * Scope: GC lists only the requested schemas' sections, never user files or other schemas, and
 * reads references wherever rows may point into them (upstream's per-schema scoping tests, plus
 * the cross-schema and store-filter cases dj-gc adds).
 */
class ReportScopeTest extends ReportTestBase {

  @Test
  void filesOutsideTheSectionsAreNeverListed() {
    // given
    fx.declareTable(A, "object_test", Map.of("file", "<object@local>"));
    fx.insert(A, "object_test", 1, Map.of("file", fx.putObject(A, "object_test", 1, "file", "aaaaaaaa", ".dat",
        bytes("live"))));
    fx.write("userfiles/deep/important.bin", bytes("user data"));
    fx.write("README.txt", bytes("store root"));
    fx.write(A + "/legacy_table/id=1/blob_0x.bin", bytes("legacy root-level layout"));
    fx.write("_hash/" + A + "/NOTES.txt", bytes("not a hash name"));
    fx.write("_hash/" + A + "/" + HashPaths.computeHash(bytes("x")) + ".saving", bytes("x"));
    fx.write("_schema/" + A + "/object_test/id=2/file_bbbbbbbb.dat.saving", bytes("in-flight upload"));

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then: only the schema-section temporary is a candidate, as upstream lists it too
    assertThat(report.orphanPaths()).containsExactly("_schema/" + A + "/object_test/id=2/file_bbbbbbbb.dat.saving");
    assertThat(report.stat("hash_paths_stored")).isZero();
  }

  @Test
  void collectingOneSchemaNeverReportsAnotherSchemasFiles() {
    // given: orphans in both schemas sharing the store
    for (String schema : List.of(A, B)) {
      fx.declareTable(schema, "blob_test", Map.of("payload", "<blob@local>"));
      fx.insert(schema, "blob_test", 1, Map.of("payload", fx.putHash(schema, bytes("live " + schema))));
      fx.insert(schema, "blob_test", 2, Map.of("payload", fx.putHash(schema, bytes("dead " + schema))));
      fx.delete(schema, "blob_test", 2);
    }

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then
    assertThat(report.orphanPaths()).containsExactly("_hash/" + A + "/" + HashPaths.computeHash(bytes("dead " + A)));
    assertThat(report.root().get("sections")).hasSize(2);
  }

  @Test
  void aRowInAnotherSchemaKeepsTheFileItPointsAtUnlessScopeIsNarrowed() {
    // given: B holds a verbatim <object@> dict pointing into A's section, A's own row is gone
    fx.declareTable(A, "object_test", Map.of("file", "<object@local>"));
    fx.declareTable(B, "object_copy", Map.of("file", "<object@local>"));
    String json = fx.putObject(A, "object_test", 1, "file", "cccccccc", ".dat", bytes("shared"));
    fx.insert(A, "object_test", 1, Map.of("file", json));
    fx.insert(B, "object_copy", 1, Map.of("file", json));
    fx.delete(A, "object_test", 1);

    // when
    ReportJson everywhere = cleanReport("--schema=" + A);
    ReportJson requestedOnly = cleanReport("--schema=" + A, "--reference-scope=requested");

    // then
    assertThat(everywhere.orphans()).isEmpty();
    assertThat(everywhere.root().get("references_read_from").toString()).contains(B);
    assertThat(requestedOnly.orphanPaths()).containsExactly(pathOf(json));
  }

  @Test
  void referencesNamingAnotherStoreDoNotProtectButNullStoresAndAliasesDo() {
    // given
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    String other = fx.putHash(A, bytes("other store")).replace("\"store\": \"local\"", "\"store\": \"elsewhere\"");
    String nullStore = fx.putHash(A, bytes("null store")).replace("\"store\": \"local\"", "\"store\": null");
    String alias = fx.putHash(A, bytes("alias")).replace("\"store\": \"local\"", "\"store\": \"local_alias\"");
    fx.insert(A, "blob_test", 1, Map.of("payload", other));
    fx.insert(A, "blob_test", 2, Map.of("payload", nullStore));
    fx.insert(A, "blob_test", 3, Map.of("payload", alias));
    var config = DjConfigFile.forDatabase(db).fileStore(STORE, storeRoot, Map.of())
        .fileStore("local_alias", storeRoot, Map.of()).fileStore("elsewhere", tmp, Map.of())
        .writeTo(tmp.resolve("alias-config"));

    // when
    GcCli.Result result = GcCli.run("--job=report", "--store=" + STORE, "--schema=" + A, "--format=json",
        "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work"));

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(result.out()).orphanPaths()).containsExactly(pathOf(other));
  }

  @Test
  void aStoreRootNamedLikeTheSchemaDoesNotConfusePaths() {
    // given: the root directory's name equals the schema name (a bucket named like the schema)
    storeRoot = tmp.resolve(A);
    fx = new DjFixture(db, storeRoot, STORE);
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
    String dead = fx.putHash(A, bytes("dead"));

    // when
    ReportJson report = cleanReport("--schema=" + A);

    // then
    assertThat(report.orphanPaths()).containsExactly(pathOf(dead));
    assertThat(report.stat("hash_paths_stored")).isEqualTo(2);
  }

  @Test
  void allSchemasFindsEverySchemaDeclaringTheStore() {
    // given
    for (String schema : List.of(A, B)) {
      fx.declareTable(schema, "blob_test", Map.of("payload", "<blob@local>"));
      fx.putHash(schema, bytes("orphan " + schema));
    }

    // when
    ReportJson report = cleanReport("--all-schemas");

    // then
    assertThat(report.root().get("schemas").toString()).contains(A, B);
    assertThat(report.orphanPaths().stream().filter(p -> p.contains("/" + A + "/") || p.contains("/" + B + "/")))
        .containsExactlyInAnyOrder(
            "_hash/" + A + "/" + HashPaths.computeHash(bytes("orphan " + A)),
            "_hash/" + B + "/" + HashPaths.computeHash(bytes("orphan " + B)));
  }
}
