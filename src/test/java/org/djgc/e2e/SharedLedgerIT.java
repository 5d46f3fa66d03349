package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipelines share one metadata database and both call their store {@code main} (DataJoint's
 * usual name), at different locations and with different schemas (issue 8, hole 5). A quarantine of
 * pipeline A is killed with rows left {@code MOVING} (one file already in A's trash, one still at its
 * original path); B then quarantines and purges with its clock past grace; A restarts and purges.
 * Ledger rows are keyed by the store's identity, not its name, so B never touches A's rows and A
 * finishes its own: A's orphans are all gone, A's trash is empty, B's files and rows are untouched.
 */
class SharedLedgerIT {
  private static final TestDatabase DB = TestDatabase.get();

  @TempDir Path tmp;
  private MainStorePipeline a;
  private MainStorePipeline b;

  @AfterEach
  void clear() {
    for (MainStorePipeline p : new MainStorePipeline[] {a, b}) {
      if (p != null) {
        p.clear();
      }
    }
  }

  @Test
  void aKilledQuarantineInOnePipelineIsFinishedByItsRestartNotByTheOtherPipeline() throws Exception {
    CrashJar jar = CrashJar.copyInto(tmp);
    a = new MainStorePipeline(DB, tmp.resolve("a/store"), "slq_a");
    b = new MainStorePipeline(DB, tmp.resolve("b/store"), "slq_b");
    a.build();
    b.build();
    Path configA = a.writeConfig(tmp.resolve("a/project"), a.root().toString());
    Path configB = b.writeConfig(tmp.resolve("b/project"), b.root().toString());
    Map<String, String> initialA = a.files();
    Map<String, String> initialB = b.files();

    // A: killed after its third move (chunks of 2): chunk 1 QUARANTINED, chunk 2 MOVING (one moved, one not)
    GcJar.Result killed = run(jar, configA, "--job=quarantine", "--schema=" + a.schema(),
        "--gc.testing.clock-offset=P2D", "--gc.testing.crash-at=quarantine.afterMove:3");
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
    assertThat(a.states()).isEqualTo(Map.of("QUARANTINED", 2, "MOVING", 2));
    long killedId = lastExecution("quarantine", a.schema());
    Map<String, String> aAfterCrash = a.files();
    List<String> aRowsAfterCrash = a.ledgerRows();

    // B: quarantine, then purge past grace; neither may touch A's rows or files
    GcJar.Result quarantineB = run(jar, configB, "--job=quarantine", "--schema=" + b.schema(),
        "--gc.testing.clock-offset=P2D");
    assertThat(quarantineB.exitCode()).as(quarantineB.toString()).isZero();
    GcJar.Result purgeB = run(jar, configB, "--job=purge", "--schema=" + b.schema(), "--gc.testing.clock-offset=P10D");
    assertThat(purgeB.exitCode()).as(purgeB.toString()).isZero();
    assertThat(a.ledgerRows()).as("A's rows after B's runs").isEqualTo(aRowsAfterCrash);
    assertThat(a.files()).as("A's files after B's runs").isEqualTo(aAfterCrash);
    assertCollected(b, initialB);
    List<String> bRows = b.ledgerRows();
    Map<String, String> bFiles = b.files();

    // A: restart the killed quarantine, then purge past grace
    GcJar.Result restarted = run(jar, configA, "--restart=" + killedId, "--gc.testing.clock-offset=P2D");
    assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
    GcJar.Result purgeA = run(jar, configA, "--job=purge", "--schema=" + a.schema(), "--gc.testing.clock-offset=P10D");
    assertThat(purgeA.exitCode()).as(purgeA.toString()).isZero();

    assertCollected(a, initialA);
    assertThat(b.ledgerRows()).as("B's rows after A's runs").isEqualTo(bRows);
    assertThat(b.files()).as("B's files after A's runs").isEqualTo(bFiles);
  }

  /** Every orphan gone (original and trash), the trash empty, every live file intact, every row PURGED. */
  private static void assertCollected(MainStorePipeline p, Map<String, String> initial) {
    Map<String, String> files = p.files();
    assertThat(p.trashFiles()).as(p.schema() + ": trash").isEmpty();
    for (String orphan : p.orphans()) {
      assertThat(files).as(p.schema() + ": orphan " + orphan).doesNotContainKey(orphan);
    }
    for (String live : p.live()) {
      assertThat(files.get(live)).as(p.schema() + ": live " + live).isEqualTo(initial.get(live));
    }
    assertThat(p.states()).as(p.schema() + ": ledger").isEqualTo(Map.of("PURGED", p.orphans().size()));
  }

  private GcJar.Result run(CrashJar jar, Path config, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.get(0).startsWith("--restart")) {
      all.add("--store=" + MainStorePipeline.STORE);
    }
    all.addAll(List.of("--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work"), "--gc.chunk-size=2",
        "--gc.max-candidate-fraction=1"));
    return jar.run(tmp, all.toArray(String[]::new));
  }

  /** The newest execution of {@code job} whose schemas parameter is {@code schema}. */
  private static long lastExecution(String job, String schema) throws Exception {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT e.JOB_EXECUTION_ID"
            + " FROM datajoint_gc.BATCH_JOB_EXECUTION e"
            + " JOIN datajoint_gc.BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID"
            + " JOIN datajoint_gc.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
            + " WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = 'schemas' AND p.PARAMETER_VALUE = ?"
            + " ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1")) {
      s.setString(1, job);
      s.setString(2, schema);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("an execution of " + job + " on " + schema).isTrue();
        return r.getLong(1);
      }
    }
  }
}
