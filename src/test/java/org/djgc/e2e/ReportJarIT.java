package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import org.djgc.core.testing.DataJointSmallFixture;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the pipeline written by the real DataJoint client: run from a directory
 * below {@code datajoint.json} (found by DataJoint's upward search), it reports exactly
 * truth.json's orphans, records the run in Spring Batch's tables, exits with the documented codes,
 * and never prints the database password.
 */
class ReportJarIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final DataJointSmallFixture FIXTURE = DataJointSmallFixture.locate();
  @TempDir static Path tmp;
  private static Path project;

  @BeforeAll
  static void load() throws Exception {
    FIXTURE.loadSchemas(DB);
    FIXTURE.extractStores(tmp.resolve("stores"));
    project = tmp.resolve("pipeline");
    FIXTURE.writeConfig(project, tmp.resolve("stores"), DB);
    Files.createDirectories(project.resolve("notebooks/analysis"));
  }

  @AfterAll
  static void drop() {
    DB.dropSchemas(DataJointSmallFixture.SCHEMAS);
  }

  private static GcJar.Result report(String store, String... extra) throws Exception {
    String[] base = {"--job=report", "--store=" + store, "--schema=djfx_s0,djfx_s1", "--format=json",
        "--gc.work-dir=" + tmp.resolve("work")};
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return GcJar.run(project.resolve("notebooks/analysis"), Map.of(), all);
  }

  /** Whole, and in 16 partitions (issue 11): the same orphans, and the work files all removed. */
  @org.junit.jupiter.params.ParameterizedTest(name = "gc.partitions={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 16})
  void reportFromASubdirectoryMatchesTruthAndIsRecordedInTheJobRepository(int partitions) throws Exception {
    // when
    GcJar.Result result = report("main", "--gc.codecs.peertext=schema", "--gc.partitions=" + partitions);

    // then
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(result.out());
    Map<String, Long> orphans = new TreeMap<>();
    report.get("orphans").forEach(o -> orphans.put(o.get("path").asText(), o.get("size").asLong()));
    assertThat(orphans).isEqualTo(FIXTURE.files("main", "orphaned"));
    assertThat(orphans.keySet()).doesNotContainAnyElementsOf(FIXTURE.files("main", "protected").keySet());
    assertThat(jobExecution(report.get("execution_id").asLong())).isEqualTo("COMPLETED/COMPLETED");
    assertThat(result.out() + result.err()).doesNotContain(DB.password());
    // no file left: the execution's directory is gone, the slice exchange's holds no execution
    try (var left = Files.walk(tmp.resolve("work"))) {
      assertThat(left.filter(p -> !p.equals(tmp.resolve("work")) && !p.equals(tmp.resolve("work/slices"))))
          .isEmpty();
    }
  }

  @Test
  void anUndeclaredCodecExitsThreeAndTheRefusalIsAudited() throws Exception {
    GcJar.Result result = report("sub");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("findings").toString()).contains("<peertext@sub>");
    assertThat(jobExecution(report.get("execution_id").asLong())).isEqualTo("COMPLETED/FAILED_CLOSED");
  }

  @Test
  void theJarPrintsItsVersionFromItsManifest() throws Exception {
    GcJar.Result result = GcJar.run(project, Map.of(), "--version");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    // the first line; the second names the storage backends (HadoopAddOnIT)
    assertThat(result.out().lines().findFirst().orElse(""))
        .matches("dj-gc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)");
  }

  @Test
  void badInputExitsTwoWithAMessage() throws Exception {
    GcJar.Result unknownStore = report("archive");
    assertThat(unknownStore.exitCode()).isEqualTo(2);
    assertThat(unknownStore.err()).contains("Storage 'archive' is requested but not configured");

    GcJar.Result unknownOption = GcJar.run(project, Map.of(), "--job=report", "--frobnicate");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option --frobnicate");
  }

  @Test
  void environmentOverridesTheFileAndThePasswordNeverShows() throws Exception {
    // DJ_PORT overrides datajoint.json (DataJoint's precedence): nothing listens on port 1
    GcJar.Result result = GcJar.run(project, Map.of("DJ_PORT", "1", "DJ_PASS", "Env-S3cret"), "--job=report",
        "--store=main", "--schema=djfx_s0");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Cannot connect to dj-gc's metadata database", ":1 (mysql)",
        "Communications link failure");
    assertThat(result.out() + result.err()).doesNotContain("Env-S3cret");
    // one line from dj-gc, no stack trace
    assertThat(result.err().lines().filter(line -> line.startsWith("dj-gc: ")).count()).isEqualTo(1);
    assertThat(result.err()).doesNotContain("\tat ", "Application run failed", "Exception encountered");
  }

  @Test
  void aStartupFailureIsOneLineAndDebugAddsTheStackTrace() throws Exception {
    // given: no datajoint.json above the working directory, and no DJ_USER
    Path empty = java.nio.file.Files.createDirectories(tmp.resolve("empty"));

    // when
    GcJar.Result plain = GcJar.run(empty, Map.of(), "--job=report", "--all-schemas");
    GcJar.Result debug = GcJar.run(empty, Map.of(), "--job=report", "--all-schemas", "--debug");

    // then: where it looked, what is missing, exit 2; the trace only with --debug
    assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(2);
    assertThat(plain.err()).contains("No datajoint.json found above ", empty.getFileName().toString(),
        "dj-gc: database.user is not configured").doesNotContain("\tat ");
    assertThat(plain.err().lines().count()).as(plain.err()).isLessThanOrEqualTo(2);
    assertThat(debug.exitCode()).isEqualTo(2);
    assertThat(debug.err()).contains("dj-gc: database.user is not configured", "\tat ");
  }

  @Test
  void helpExitsZero() throws Exception {
    GcJar.Result result = GcJar.run(tmp, Map.of(), "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--job=JOB", "quarantine", "purge", "Exit codes");
  }

  private static String jobExecution(long id) throws Exception {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT STATUS, EXIT_CODE FROM datajoint_gc.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?")) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? row.getString(1) + "/" + row.getString(2) : "missing";
      }
    }
  }
}
