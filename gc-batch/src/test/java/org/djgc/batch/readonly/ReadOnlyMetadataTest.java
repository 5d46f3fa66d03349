package org.djgc.batch.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a database account that can read the pipeline and dj-gc's metadata database but not
 * write it. {@code report} and {@code stats} run with Spring Batch's in-memory job repository, say
 * that the run is not recorded, and find exactly the orphans a recorded run finds; {@code history}
 * reads as usual; every job that writes (and {@code --restart}, {@code --run-key}, partitions)
 * stops before it starts with exit 2, and nothing moves.
 */
class ReadOnlyMetadataTest extends CycleTestBase {
  protected static final String USER = "djgc_readonly";
  protected static final String PASSWORD = "readonly-pw";
  private static final String NOT_RECORDED = "runs with an in-memory job repository and is not recorded";
  private static final String[] HOSTS = {"%", "localhost", "127.0.0.1"};

  private boolean readOnly;

  @BeforeEach
  void readOnlyUser() {
    pipeline();
    dropUser();
    // the metadata tables exist: dj-gc ran once as a user that can write them
    GcCli.Result writer = run("report", "P2D");
    assertThat(writer.exitCode()).as(writer.toString()).isEqualTo(ExitCode.OK);
    assertThat(writer.err()).doesNotContain(NOT_RECORDED);
    assertThat(ReportJson.parse(writer.out()).root().has("recorded")).isFalse();
    createReadOnlyUser();
    readOnly = true;
  }

  /** {@link #USER}: {@code SELECT} on the pipeline's schema and on dj-gc's metadata database, nothing else. */
  protected void createReadOnlyUser() {
    for (String host : HOSTS) {
      String account = "'" + USER + "'@'" + host + "'";
      db.execute("CREATE USER " + account + " IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT SELECT ON datajoint_gc.* TO " + account, "GRANT SELECT ON `" + A + "`.* TO " + account);
    }
  }

  @AfterEach
  void dropUser() {
    dropReadOnlyUser();
  }

  protected void dropReadOnlyUser() {
    for (String host : HOSTS) {
      db.execute("DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
    }
  }

  /** How the server words its refusal of the probe's {@code UPDATE}. */
  protected String refusal() {
    return "UPDATE command denied to user '" + USER + "'";
  }

  @Override
  protected DjConfigFile configure(DjConfigFile config) {
    return readOnly ? config.user(USER, PASSWORD) : config;
  }

  @Test
  void reportAndStatsRunUnrecordedAndFindWhatARecordedReportFinds() {
    long executions = executions();

    GcCli.Result report = run("report", "P2D");
    GcCli.Result stats = run("stats", "P2D");
    GcCli.Result history = run("history", "P2D");

    assertThat(report.exitCode()).as(report.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(report.out()).orphanPaths()).isEqualTo(orphans);
    assertThat(ReportJson.parse(report.out()).root().get("recorded").asBoolean(true)).isFalse();
    assertThat(report.err()).contains("dj-gc: this user cannot write dj-gc's metadata database (", refusal(),
        "report " + NOT_RECORDED);
    assertThat(stats.exitCode()).as(stats.toString()).isEqualTo(ExitCode.OK);
    assertThat(stats.err()).contains("stats " + NOT_RECORDED);
    assertThat(ReportJson.parse(stats.out()).root().get("recorded").asBoolean(true)).isFalse();
    assertThat(history.exitCode()).as(history.toString()).isEqualTo(ExitCode.OK);
    assertThat(history.err()).doesNotContain(NOT_RECORDED);
    assertThat(executions()).as("executions recorded").isEqualTo(executions);
    assertThat(StoreState.trash(storeRoot)).isEmpty();
  }

  @Test
  void everyRunThatWritesStopsBeforeItStartsAndNothingMoves() {
    Map<String, Long> files = StoreState.files(storeRoot);
    long executions = executions();

    for (List<String> attempt : List.of(List.of("quarantine", "--gc.max-candidate-fraction=1"), List.of("purge"),
        List.of("verify"), List.of("restore", "--path=" + orphanBlob()))) {
      GcCli.Result refused = run(attempt.get(0), "P10D", attempt.subList(1, attempt.size()).toArray(String[]::new));
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(refused.err()).contains("dj-gc: " + attempt.get(0) + " needs a metadata database this user can"
          + " write (", refusal());
    }
    GcCli.Result restart = GcCli.run("--restart=1", "--dj-config=" + writeConfig());
    assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(restart.err()).contains("dj-gc: --restart needs a metadata database this user can write");
    GcCli.Result keyed = run("report", "P2D", "--run-key=nightly");
    assertThat(keyed.exitCode()).as(keyed.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(keyed.err()).contains("dj-gc: --run-key needs a metadata database this user can write");
    GcCli.Result partitioned = run("report", "P2D", "--gc.partitions=4");
    assertThat(partitioned.exitCode()).as(partitioned.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(partitioned.err()).contains("dj-gc: gc.partitions=4 needs a metadata database this user can write");

    assertThat(StoreState.files(storeRoot)).isEqualTo(files);
    assertThat(ledger()).isEmpty();
    assertThat(executions()).as("executions recorded").isEqualTo(executions);
  }

  private long executions() {
    try (java.sql.Connection connection = metadata.dataSource().getConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM datajoint_gc.BATCH_JOB_EXECUTION")) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
