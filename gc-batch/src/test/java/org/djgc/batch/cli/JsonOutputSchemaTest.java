package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.GcCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every document {@code --format=json} prints, from a real cycle, conforms to the published
 * schema (docs/json/dj-gc-output.schema.json, which forbids members it does not describe), begins
 * with {@code schema_version} and {@code job}, and names its schemas as an array and its times in
 * UTC with {@code Z} (issue 13).
 */
class JsonOutputSchemaTest extends CycleTestBase {
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    Path file = Path.of("..", "docs", "json", "dj-gc-output.schema.json");
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(file), InputFormat.JSON);
  }

  @BeforeEach
  void setUp() {
    pipeline();
  }

  @Test
  void everyJobsJsonDocumentConformsToThePublishedSchema() {
    String orphan = orphanBlob();
    // a whole cycle, each document checked as it comes
    conforms(ok("report", "PT0S"), "report");
    GcCli.Result quarantine = ok("quarantine", "P2D");
    conforms(quarantine, "quarantine");
    assertThat(quarantine.out()).contains("\"schemas\" : [ \"" + A + "\" ]");
    conforms(ok("stats", "P3D"), "stats");
    conforms(ok("restore", "P3D", "--path=" + orphan), "restore");
    conforms(ok("quarantine", "P4D"), "quarantine");
    conforms(ok("purge", "P20D"), "purge");
    conforms(ok("verify", "P20D"), "verify");
    conforms(ok("trace", "P20D", "--path=" + orphan), "trace");
    GcCli.Result history = ok("history", "P20D", "--limit=10");
    conforms(history, "history");
    assertThat(history.out()).contains("\"exit_code\" : 0", "Z\"");
    // a failure outside a job, and a refused outcome
    GcCli.Result unknownStore = GcCli.run("--job=report", "--store=nowhere", "--schema=" + A, "--format=json",
        "--dj-config=" + writeConfig());
    assertThat(unknownStore.exitCode()).isEqualTo(ExitCode.USAGE);
    conforms(unknownStore, null);
  }

  @Test
  void theSchemaRejectsADocumentThatDriftsFromIt() {
    // the same document with an undescribed member, a schemas string, a time without zone
    String report = ok("report", "PT0S").out();
    assertThat(errors(report)).isEmpty();
    assertThat(errors(report.replaceFirst("\"job\" : \"report\",", "\"job\" : \"report\", \"extra\" : 1,")))
        .isNotEmpty();
    String outcome = ok("quarantine", "P2D").out();
    assertThat(errors(outcome.replaceFirst("\"schemas\" : \\[ \"" + A + "\" \\]", "\"schemas\" : \"" + A + "\"")))
        .isNotEmpty();
    String trace = ok("trace", "P2D", "--path=" + orphanBlob()).out();
    assertThat(errors(trace)).isEmpty();
    assertThat(errors(trace.replaceFirst("(\"at\" : \"[^\"]+)Z\"", "$1\""))).isNotEmpty();
  }

  private static void conforms(GcCli.Result result, String job) {
    assertThat(errors(result.out())).as(result.out()).isEmpty();
    String first = result.out().strip().lines().skip(1).findFirst().orElseThrow();
    assertThat(first.strip()).isEqualTo("\"schema_version\" : 1,");
    assertThat(result.out()).contains("\"job\" : " + (job == null ? "" : "\"" + job + "\""));
  }

  private static List<Error> errors(String document) {
    return schema.validate(document, InputFormat.JSON);
  }
}
