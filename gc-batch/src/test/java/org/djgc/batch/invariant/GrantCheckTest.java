package org.djgc.batch.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, hole 2: {@code information_schema} hides tables the user holds no privilege on. A user
 * with {@code SELECT} on one table of a schema must not see the other tables' files as orphans:
 * every run refuses (exit 3) and names the missing grant until the user can see the whole schema,
 * through a direct grant or a role.
 */
class GrantCheckTest extends CycleTestBase {
  private static final String USER = "djgc_narrow";
  private static final String PASSWORD = "narrow-pw";
  private static final String ROLE = "djgc_reader";

  /** Every host the test may connect from: an anonymous user at 'localhost' would shadow '%'. */
  private static final String[] HOSTS = {"%", "localhost", "127.0.0.1"};

  @BeforeEach
  void narrowUser() {
    pipeline();
    dropUser();
    for (String host : HOSTS) {
      String account = "'" + USER + "'@'" + host + "'";
      db.execute("CREATE USER " + account + " IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT ALL ON datajoint_gc.* TO " + account,
          "GRANT SELECT ON `" + A + "`.`blob_test` TO " + account);
    }
  }

  @AfterEach
  void dropUser() {
    for (String host : HOSTS) {
      db.execute("DROP USER IF EXISTS '" + USER + "'@'" + host + "'");
    }
    db.execute("DROP ROLE IF EXISTS " + ROLE);
  }

  @Override
  protected DjConfigFile configure(DjConfigFile config) {
    return config.user(USER, PASSWORD);
  }

  @Test
  void aTableLevelGrantRefusesEveryJobAndNamesTheMissingGrant() {
    // when
    GcCli.Result report = run("report", "P2D");
    GcCli.Result quarantine = run("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    GcCli.Result purge = run("purge", "P10D");

    // then: nothing moved, every live file in place, the grant named
    assertThat(report.exitCode()).as(report.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(report.out()).contains("MISSING_GRANT").contains("GRANT SELECT ON `" + A + "`.*");
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(live).containsAll(orphans);
  }

  @Test
  void aSchemaGrantThroughADefaultRoleIsEnough() {
    // given
    db.execute("CREATE ROLE " + ROLE, "GRANT SELECT ON `" + A + "`.* TO " + ROLE);
    for (String host : HOSTS) {
      db.execute("GRANT " + ROLE + " TO '" + USER + "'@'" + host + "'");
    }
    // the user sets its own default role: setting another's needs rights on the mysql schema,
    // which the test user (scripts/services.sh) does not hold
    try (java.sql.Connection own = java.sql.DriverManager.getConnection(
        db.jdbcUrl() + "?useSSL=false&allowPublicKeyRetrieval=true", USER, PASSWORD);
        java.sql.Statement statement = own.createStatement()) {
      statement.execute("SET DEFAULT ROLE " + ROLE);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }

    // when
    ok("quarantine", "P2D", "--gc.max-candidate-fraction=1");
    ok("purge", "P10D");

    // then
    assertLiveFilesUntouched();
    assertThat(StoreState.files(storeRoot).keySet()).doesNotContainAnyElementsOf(orphans);
  }
}
