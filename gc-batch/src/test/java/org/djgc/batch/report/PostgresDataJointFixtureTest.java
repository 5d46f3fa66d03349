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
 * database {@code djgc_pipeline}; dj-gc's locks are PostgreSQL advisory locks, its job repository
 * and ledger stay on MariaDB ({@code gc.metadata.url}).
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
  void withoutAMetadataDatabaseAPostgresPipelineIsRefusedNamingTheSettings() {
    // when: no gc.metadata.url
    GcCli.Result result = GcCli.run("--job=report", "--store=main", "--schema=djfx_s0", "--dj-config=" + config(),
        "--gc.codecs.peertext=schema");

    // then: exit 2, nothing ran, the password never printed
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("PostgreSQL", "gc.metadata.url", "gc.metadata.username")
        .doesNotContain(PG.password());
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
