package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Airflow runner ({@code jobs/airflow/dj_gc_runner.py}) against the packaged jar: a try killed
 * in the middle of its moves ({@code kill -9}, exit 137) is retried by the next try of the same task
 * instance, which passes the same {@code --run-key} and so restarts that execution (one job
 * instance, the moves finished, nothing moved twice); a further try of a completed run starts
 * nothing. The runner keeps no state: the job repository is the state.
 */
class AirflowRunnerIT extends MainStoreTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The task instance's Airflow run id: new for each test run, since the job repository keeps the
   * executions of earlier ones.
   */
  private final String runId = "scheduled__" + java.time.Instant.now() + "-" + System.nanoTime();
  /** One try of the task, as the DAG's callable runs it; prints the outcome as JSON. */
  private static final String DRIVER = String.join("\n",
      "import json, sys",
      "sys.path.insert(0, sys.argv[1])",
      "import dj_gc_runner as runner",
      "key = runner.run_key('dj_gc_quarantine', 'quarantine', sys.argv[2])",
      "outcome = runner.run_job(runner.Settings.from_env(), 'quarantine', key)",
      "print(json.dumps({'action': outcome.action.value, 'exit_code': outcome.exit_code,"
          + " 'execution_id': outcome.execution_id, 'key': key}))",
      "");

  @Test
  void aKilledTryIsRestartedByTheNextTryOfTheSameTaskInstance() throws Exception {
    Path config = buildPipeline("djgc_airflow_a");
    Map<String, String> initial = pipeline.files();

    // the first try dies after its third move, as under kill -9
    JsonNode killed = tryTask(config, "--gc.testing.crash-at=quarantine.afterMove:3");
    assertThat(killed.get("action").asText()).as(killed.toString()).isEqualTo("retry");
    assertThat(killed.get("exit_code").asInt()).isEqualTo(137);
    long first = killed.get("execution_id").asLong();
    // killed between its moves and their marks: rows left MOVING, the execution left STARTED
    assertThat(pipeline.states()).containsKey("MOVING");
    assertThat(status(first)).isEqualTo("STARTED");

    // the retry: the same command, the same key; the jar restarts the killed execution
    JsonNode retried = tryTask(config);
    assertThat(retried.get("action").asText()).as(retried.toString()).isEqualTo("success");
    long second = retried.get("execution_id").asLong();
    assertThat(second).isGreaterThan(first);
    assertThat(jobInstanceOf(second)).isEqualTo(jobInstanceOf(first));
    assertThat(status(first)).isEqualTo("FAILED");
    assertThat(status(second)).isEqualTo("COMPLETED");
    assertThat(pipeline.files().keySet()).containsAll(pipeline.live()).doesNotContainAnyElementsOf(pipeline.orphans());
    assertThat(pipeline.trashFiles()).hasSize(pipeline.orphans().size());
    assertThat(pipeline.states()).isEqualTo(Map.of("QUARANTINED", pipeline.orphans().size()));
    pipeline.live().forEach(path -> assertThat(pipeline.files().get(path)).isEqualTo(initial.get(path)));

    // one more try of the completed task instance (a cleared task) starts nothing
    JsonNode again = tryTask(config);
    assertThat(again.get("action").asText()).as(again.toString()).isEqualTo("success");
    assertThat(again.get("execution_id").asLong()).isEqualTo(second);
    assertThat(executionsOf(jobInstanceOf(second))).isEqualTo(2);
  }

  /** One try, as the DAG runs it: the runner reads its settings from the environment the workers set. */
  private JsonNode tryTask(Path config, String... extra) throws Exception {
    Path driver = tmp.resolve("try_task.py");
    Files.writeString(driver, DRIVER);
    Path airflow = Path.of(System.getProperty("gc.repo.root", "..")).resolve("jobs/airflow").toAbsolutePath();
    Map<String, String> env = new HashMap<>();
    env.put("DJGC_HOME", tmp.toString());
    env.put("DJGC_JAR", GcJar.jar().toAbsolutePath().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS", GcJar.TESTING_SWITCH);
    env.put("DJGC_STORE", MainStorePipeline.STORE);
    env.put("DJGC_SCHEMAS", pipeline.schema());
    env.put("DJGC_DJ_CONFIG", config.toString());
    List<String> args = new ArrayList<>(List.of("--gc.testing.clock-offset=P2D", "--gc.max-candidate-fraction=1",
        "--gc.work-dir=" + tmp.resolve("work")));
    args.addAll(List.of(extra));
    env.put("DJGC_EXTRA_ARGS", String.join(" ", args));
    GcJar.Result result = GcJar.exec(List.of("python3", driver.toString(), airflow.toString(), runId), tmp,
        env);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static long jobInstanceOf(long execution) throws Exception {
    return Long.parseLong(query("SELECT JOB_INSTANCE_ID FROM datajoint_gc.BATCH_JOB_EXECUTION"
        + " WHERE JOB_EXECUTION_ID = ?", execution));
  }

  private static long executionsOf(long instance) throws Exception {
    return Long.parseLong(query("SELECT COUNT(*) FROM datajoint_gc.BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?",
        instance));
  }

  private static String status(long execution) throws Exception {
    return query("SELECT STATUS FROM datajoint_gc.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", execution);
  }

  /** The one value {@code sql} selects for {@code id}. */
  private static String query(String sql, long id) throws Exception {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as(sql + " for " + id).isTrue();
        return r.getString(1);
      }
    }
  }
}
