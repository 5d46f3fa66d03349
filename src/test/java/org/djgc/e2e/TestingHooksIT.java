package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar refuses the test hooks unless the JVM was started with the test switch
 * {@code -Ddjgc.testing=true} (spec §3.4): exit 2, naming the key, and nothing touched.
 */
class TestingHooksIT {
  private static final String SCHEMA = "gcth_a";
  private static final String META = "djgc_th_meta";
  private static final String STORE = "th";

  private final TestDatabase db = TestDatabase.get();
  @TempDir Path tmp;
  private OrphanBlobPipeline pipeline;

  @BeforeEach
  void pipeline() {
    pipeline = new OrphanBlobPipeline(db, tmp, SCHEMA, META, STORE);
  }

  @AfterEach
  void drop() {
    pipeline.drop();
  }

  @Test
  void aClockOffsetWithoutTheTestSwitchExitsTwoAndTouchesNothing() throws Exception {
    // given: the orphan quarantined by a test run (with the switch)
    GcJar.Result quarantine = run(List.of(GcJar.TESTING_SWITCH), Map.of(), "--job=quarantine",
        "--gc.testing.clock-offset=P2D");
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isZero();
    List<String> trash = pipeline.files("_trash");
    assertThat(trash).hasSize(1).allMatch(p -> p.endsWith(pipeline.orphan()));
    List<String> before = pipeline.query("SELECT CONCAT(id, ' ', state, ' ', state_changed_at) FROM gc_quarantine");
    List<String> executions = pipeline.query("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION");

    // when: a production run (no switch) purges with an offset past grace, as an option or in the environment
    GcJar.Result option = run(List.of(), Map.of(), "--job=purge", "--gc.testing.clock-offset=P10D");
    GcJar.Result environment = run(List.of(), Map.of("GC_TESTING_CLOCK_OFFSET", "P10D"), "--job=purge");
    GcJar.Result crash = run(List.of(), Map.of(), "--job=purge", "--gc.testing.crash-at=purge.afterDelete");

    // then: exit 2 naming the key; the trash copy, the ledger and the executions are unchanged
    for (GcJar.Result result : List.of(option, environment)) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains("gc.testing.clock-offset is a test hook");
    }
    assertThat(crash.exitCode()).as(crash.toString()).isEqualTo(2);
    assertThat(crash.err()).contains("gc.testing.crash-at is a test hook");
    assertThat(pipeline.files("_trash")).isEqualTo(trash);
    assertThat(pipeline.query("SELECT CONCAT(id, ' ', state, ' ', state_changed_at) FROM gc_quarantine"))
        .isEqualTo(before);
    assertThat(pipeline.query("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION")).isEqualTo(executions);

    // and the same purge in a test JVM does run (the switch is what differs)
    GcJar.Result testing = run(List.of(GcJar.TESTING_SWITCH), Map.of(), "--job=purge", "--gc.testing.clock-offset=P10D");
    assertThat(testing.exitCode()).as(testing.toString()).isZero();
    assertThat(pipeline.files("_trash")).isEmpty();
  }

  private GcJar.Result run(List<String> jvm, Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--store=" + STORE, "--schema=" + SCHEMA,
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.metadata.database=" + META));
    all.addAll(List.of(args));
    return GcJar.run(jvm, pipeline.project(), env, all.toArray(String[]::new));
  }
}
