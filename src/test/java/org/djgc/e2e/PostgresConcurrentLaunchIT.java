package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL installation with no MySQL (issue 12): the packaged jar keeps its job repository
 * and ledger in a schema of the pipeline's database, created by the first run, and processes
 * launched at the same moment (a scheduler starting several jobs) all start, record their
 * executions and finish: the schema, the migrations and Spring Batch's job-instance creation do not
 * fail one another.
 */
class PostgresConcurrentLaunchIT {
  private static final String SCHEMA = "gcpgl_a";
  private static final String META = "djgc_pgl_meta";
  private static final String STORE = "pgl";
  private static final int PROCESSES = 4;

  private final TestPostgres pg = TestPostgres.get();
  @TempDir Path tmp;
  private OrphanBlobPipeline pipeline;

  @BeforeEach
  void pipeline() {
    pipeline = new OrphanBlobPipeline(pg, tmp, SCHEMA, META, STORE);
    pg.dropSchemas(META); // the first runs create it
  }

  @AfterEach
  void drop() {
    pipeline.drop();
  }

  @Test
  void processesLaunchedTogetherOnAFreshPostgresMetadataSchemaAllSucceed() throws Exception {
    // when: four reports start at once on a database without dj-gc's schema
    ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
    List<Future<GcJar.Result>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        Path work = tmp.resolve("work-" + i);
        runs.add(pool.submit(() -> GcJar.run(pipeline.project(), Map.of("GC_METADATA_DATABASE", META),
            "--job=report", "--store=" + STORE, "--schema=" + SCHEMA, "--format=json", "--gc.work-dir=" + work)));
      }
      // then: every one reports the orphan
      for (Future<GcJar.Result> run : runs) {
        GcJar.Result result = run.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(pipeline.orphan());
      }
    } finally {
      pool.shutdownNow();
    }
    // and: one schema, the ledger at migration 1, four executions recorded
    assertThat(pipeline.query("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'COMPLETED'"))
        .containsExactly(String.valueOf(PROCESSES));
    assertThat(pipeline.query("SELECT version FROM gc_schema_history WHERE success AND version <> '0'"))
        .containsExactly("1");
  }
}
