package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.core.layout.HashPaths;
import org.junit.jupiter.api.Test;

/**
 * Listing and reference errors: the report still prints what it saw, names the cause, and exits 3
 * (a destructive run would refuse). Upstream's scan-error guard, extended to the reference side.
 */
class ReportFailClosedTest extends ReportTestBase {

  private void liveBlob() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("live"))));
  }

  @Test
  void aListingErrorFailsClosedAndNamesTheSection() throws IOException {
    // given: a symbolic link inside the hash section that leads out of the store
    liveBlob();
    Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(storeRoot.resolve("_hash/" + A + "/ab"), tmp.resolve("outside"));

    // when
    var result = report("--schema=" + A);

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
    ReportJson report = ReportJson.parse(result.out());
    assertThat(report.root().get("status").asText()).isEqualTo("refused");
    assertThat(report.stats().get("scan_errors").get(0).asText())
        .startsWith("list_hash_paths(" + A + "): ").contains("_hash/" + A + "/ab", "symbolic link");
    assertThat(result.err()).contains("refused", "1 scan error");
  }

  @Test
  void aTableTheUserCannotReadFailsClosedNamingTheTable() {
    // given: a user that may read one table and only insert into the other
    liveBlob();
    fx.declareTable(A, "hidden_rows", Map.of("payload", "<blob@local>"));
    db.execute("DROP USER IF EXISTS 'gct_limited'@'%'", "CREATE USER 'gct_limited'@'%' IDENTIFIED BY 'gct-pw'",
        "GRANT SELECT ON `" + A + "`.`blob_test` TO 'gct_limited'@'%'",
        "GRANT INSERT ON `" + A + "`.`hidden_rows` TO 'gct_limited'@'%'",
        "GRANT ALL ON `datajoint_gc`.* TO 'gct_limited'@'%'");
    var config = DjConfigFile.forDatabase(db).user("gct_limited", "gct-pw").fileStore(STORE, storeRoot, Map.of())
        .writeTo(tmp.resolve("limited"));
    try {
      // when
      var result = GcCli.run("--job=report", "--store=" + STORE, "--schema=" + A, "--format=json",
          "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work"));

      // then
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
      ReportJson report = ReportJson.parse(result.out());
      assertThat(report.findingsText()).contains("READ_ERROR", A + ".hidden_rows", "denied");
      assertThat(result.out() + result.err()).doesNotContain("gct-pw");
    } finally {
      db.execute("DROP USER IF EXISTS 'gct_limited'@'%'");
    }
  }

  @Test
  void malformedJsonFailsClosedNamingColumnAndRow() {
    // given
    liveBlob();
    fx.insert(A, "blob_test", 7, Map.of("payload", "{\"hash\": \"abc\", \"size\": 3}"));
    fx.insert(A, "blob_test", 8, Map.of("payload", "{\"path\": null, \"hash\": \"abc\"}"));

    // when
    var result = report("--schema=" + A);

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
    ReportJson report = ReportJson.parse(result.out());
    assertThat(report.findingsTotal()).isEqualTo(2);
    assertThat(report.findingsText()).contains("UNRECOGNISED_REFERENCE", A + ".blob_test.payload", "id=7",
        "id=8", "no \\\"path\\\"");
  }

  @Test
  void pathsThatEscapeTheirSectionFailClosed() {
    // given
    liveBlob();
    fx.insert(A, "blob_test", 2, Map.of("payload", "{\"path\": \"_hash/" + A + "/../../etc/passwd\", \"store\": \"local\"}"));
    fx.insert(A, "blob_test", 3, Map.of("payload", "{\"path\": \"/etc/passwd\", \"store\": \"local\"}"));

    // when
    var result = report("--schema=" + A);

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(ReportJson.parse(result.out()).findingsText())
        .contains("UNSAFE_PATH", "id=2", "'..' segment", "id=3", "absolute path");
  }

  @Test
  void anUndeclaredCodecFailsClosedAndADeclaredOneIsRead() {
    // given: a custom schema-addressed codec whose only row references a file
    liveBlob();
    fx.declareTable(A, "peer", Map.of("txt", "<peertext@local>"));
    String json = fx.putObject(A, "peer", 1, "txt", "dddddddd", ".txt", bytes("peer"));
    fx.insert(A, "peer", 1, Map.of("txt", json));
    String orphan = fx.putHash(A, bytes("orphan"));

    // when
    var undeclared = report("--schema=" + A);
    ReportJson declared = cleanReport("--schema=" + A, "--gc.codecs.peertext=schema");
    ReportJson ignored = cleanReport("--schema=" + A, "--gc.codecs.peertext=ignore");

    // then
    assertThat(undeclared.exitCode()).as(undeclared.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(ReportJson.parse(undeclared.out()).findingsText())
        .contains("UNDECLARED_CODEC", A + ".peer.txt", "gc.codecs.peertext");
    assertThat(declared.orphanPaths()).containsExactly(pathOf(orphan));
    assertThat(ignored.orphanPaths()).containsExactlyInAnyOrder(pathOf(orphan), pathOf(json));
    assertThat(orphan).contains(HashPaths.computeHash(bytes("orphan")));
  }
}
