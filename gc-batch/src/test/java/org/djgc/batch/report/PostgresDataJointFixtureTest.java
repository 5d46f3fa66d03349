package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.core.testing.DataJointSmallFixture;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportDataJointFixtureTest} on the pipeline the real DataJoint client wrote on PostgreSQL
 * (issue 12): {@code jsonb} columns, comments in {@code pg_description}, schemas as namespaces of
 * database {@code djgc_pipeline}; dj-gc's locks are PostgreSQL advisory locks. Its job repository
 * and ledger are on MariaDB here ({@code gc.metadata.url}: a PostgreSQL pipeline with metadata
 * elsewhere); by default they live in a schema of the pipeline's database, as the
 * {@code @OnPostgres} suites run them.
 */
class PostgresDataJointFixtureTest extends ReportDataJointFixtureTest {
  private static final TestPostgres PG = TestPostgres.get();

  @Override
  protected DataJointSmallFixture fixture() {
    return DataJointSmallFixture.locatePostgres();
  }

  @Override
  protected void loadSchemas(DataJointSmallFixture fixture) {
    fixture.loadSchemas(PG);
  }

  @Override
  protected Path writeConfig(DataJointSmallFixture fixture, Path directory, Path storeRoot) {
    return fixture.writeConfig(directory, storeRoot, PG);
  }

  @Override
  protected void dropSchemas() {
    PG.dropSchemas(DataJointSmallFixture.SCHEMAS);
  }

  @Test
  void rowLevelSecurityThatHidesRowsFromTheUserIsAFindingAndNothingIsJudged() {
    // given: row-level security forced on a storage table, with no policy: its rows are invisible
    // even to its owner, dj-gc's user, so every file they reference would look orphaned
    PG.execute("ALTER TABLE djfx_s0.\"#param\" ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE djfx_s0.\"#param\" FORCE ROW LEVEL SECURITY");
    GcCli.Result result;
    try {
      // when
      result = GcCli.run(concat(List.of("--job=report", "--store=main", "--schema=djfx_s0", "--format=json",
          "--dj-config=" + config(), "--gc.codecs.peertext=schema"), pipelineArguments()));
    } finally {
      PG.execute("ALTER TABLE djfx_s0.\"#param\" NO FORCE ROW LEVEL SECURITY",
          "ALTER TABLE djfx_s0.\"#param\" DISABLE ROW LEVEL SECURITY");
    }

    // then: refused, naming the table and the cause
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(ReportJson.parse(result.out()).findingsText()).contains("MISSING_GRANT", "#param", "row-level security");
  }

  @Test
  void aSchemaThatIsNoNamespaceOfTheDatabaseIsRefusedNamingIt() {
    // when
    GcCli.Result result = GcCli.run(concat(List.of("--job=report", "--store=main", "--schema=djfx_s9",
        "--dj-config=" + config()), pipelineArguments()));

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("--schema djfx_s9: no such schema on", "/djgc_pipeline (postgresql)");
  }

  @Test
  void withoutAMetadataUrlTheMetadataLivesInASchemaOfThePipelinesDatabase() throws Exception {
    // given: no gc.metadata.url, and a metadata schema that does not exist yet
    String schema = "djgc_meta_default";
    PG.dropSchemas(schema);
    try {
      // when
      GcCli.Result result = GcCli.run("--job=report", "--store=main", "--schema=djfx_s0", "--format=json",
          "--dj-config=" + config(), "--gc.codecs.peertext=schema", "--gc.metadata.database=" + schema);

      // then: the run is recorded in that schema, beside the ledger at its latest migration
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
      try (var connection = PG.dataSourceIn(schema).getConnection(); var s = connection.createStatement()) {
        try (var r = s.executeQuery("SELECT COUNT(*) FROM batch_job_execution")) {
          r.next();
          assertThat(r.getInt(1)).isEqualTo(1);
        }
        try (var r = s.executeQuery("SELECT version FROM gc_schema_history WHERE success ORDER BY installed_rank")) {
          r.next();
          assertThat(r.getString(1)).isEqualTo("1");
        }
        try (var r = s.executeQuery("SELECT COUNT(*) FROM gc_quarantine")) {
          r.next();
          assertThat(r.getInt(1)).isZero();
        }
      }
    } finally {
      PG.dropSchemas(schema);
    }
  }

  @Test
  void aMetadataSchemaNameThatPostgresWouldRefuseIsRefusedNamingIt() {
    GcCli.Result result = GcCli.run("--job=report", "--store=main", "--schema=djfx_s0", "--dj-config=" + config(),
        "--gc.metadata.database=9gc");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("Invalid gc.metadata.database for PostgreSQL: '9gc'").doesNotContain(PG.password());
  }

  private static String[] concat(List<String> first, List<String> second) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return all.toArray(String[]::new);
  }

  @Override
  protected List<String> pipelineArguments() {
    return List.of("--gc.metadata.url=" + DB.jdbcUrl() + "datajoint_gc", "--gc.metadata.username=" + DB.user(),
        "--gc.metadata.password=" + DB.password());
  }
}
