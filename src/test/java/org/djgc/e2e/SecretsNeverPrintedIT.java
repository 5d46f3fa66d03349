package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never appear in any output: a full cycle of the packaged jar (every job, both log
 * formats, a failure) with the database password and storage keys configured in datajoint.json and
 * .secrets/, and every byte of stdout and stderr searched for them.
 */
class SecretsNeverPrintedIT {
  private static final String SCHEMA = "gcsec_a";
  private static final String STORE = "sec";
  private static final String ACCESS_KEY = "AKIASECRETACCESS123";
  private static final String SECRET_KEY = "sEcReT/Key+ThatMustNeverShow";

  private final TestDatabase db = TestDatabase.get();
  @TempDir Path tmp;

  @AfterEach
  void drop() {
    db.dropSchemas(SCHEMA);
  }

  @Test
  void noRunEverPrintsThePasswordOrTheStorageKeys() throws Exception {
    // given: a pipeline with an orphan; a password and S3 keys in the config and in .secrets/
    db.recreateSchema(SCHEMA);
    db.execute("CREATE DATABASE IF NOT EXISTS datajoint_gc");
    Path store = Files.createDirectories(tmp.resolve("store"));
    DjFixture fx = new DjFixture(db, store, STORE);
    fx.declareTable(SCHEMA, "blob_test", Map.of("payload", "<blob@sec>"));
    fx.insert(SCHEMA, "blob_test", 1, Map.of("payload", fx.putHash(SCHEMA, "live".getBytes())));
    String orphan = "_hash/" + SCHEMA + "/" + org.djgc.core.layout.HashPaths.computeHash("orphan".getBytes());
    fx.putHash(SCHEMA, "orphan".getBytes());
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("datajoint.json"), """
        {"database": {"host": "%s", "port": %d, "user": "%s"},
         "stores": {"sec": {"protocol": "file", "location": "%s"},
                    "vault": {"protocol": "s3", "endpoint": "127.0.0.1:1", "secure": false, "bucket": "b", "location": "l",
                              "access_key": "%s"}}}
        """.formatted(db.host(), db.port(), db.user(), store, ACCESS_KEY));
    Path secrets = Files.createDirectories(project.resolve(".secrets"));
    Files.writeString(secrets.resolve("database.password"), db.password() + "\n");
    Files.writeString(secrets.resolve("stores.vault.secret_key"), SECRET_KEY);
    db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'sec'");

    // when: every job, in both log formats, plus failures
    List<GcJar.Result> results = new ArrayList<>();
    for (String logFormat : List.of("text", "json")) {
      String[] common = {"--store=" + STORE, "--log-format=" + logFormat, "--gc.work-dir=" + tmp.resolve("work")};
      results.add(run(project, common, "--job=report", "--schema=" + SCHEMA));
      results.add(run(project, common, "--job=quarantine", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P2D"));
      results.add(run(project, common, "--job=stats"));
      results.add(run(project, common, "--job=restore", "--path=" + orphan));
      results.add(run(project, common, "--job=quarantine", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P2D"));
      results.add(run(project, common, "--job=purge", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P10D"));
      results.add(run(project, common, "--job=verify"));
      results.add(run(project, common, "--job=trace", "--path=" + orphan));
      results.add(run(project, common, "--job=history", "--limit=5"));
      results.add(run(project, common, "--job=report", "--store=vault", "--schema=" + SCHEMA, "--format=text"));
      results.add(GcJar.run(project, Map.of("DJ_PORT", "1"), "--job=report", "--store=sec", "--schema=" + SCHEMA,
          "--log-format=" + logFormat));
    }

    // then: the cycle did its work, and no output holds a secret
    assertThat(results.get(0).exitCode()).as(results.get(0).toString()).isZero();
    assertThat(results.get(5).exitCode()).as(results.get(5).toString()).isZero();
    assertThat(Files.exists(store.resolve(orphan))).isFalse();
    assertThat(results.get(9).exitCode()).as(results.get(9).toString()).isEqualTo(3);
    assertThat(results.get(9).out()).contains("list_hash_paths(" + SCHEMA + ")");
    assertThat(results.get(10).exitCode()).isEqualTo(2);
    for (GcJar.Result result : results) {
      assertThat(result.out() + result.err()).doesNotContain(db.password(), ACCESS_KEY, SECRET_KEY);
    }
  }

  private static GcJar.Result run(Path project, String[] common, String... args) throws Exception {
    String[] all = new String[common.length + args.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(args, 0, all, common.length, args.length);
    return GcJar.runTesting(project, Map.of(), all);
  }
}
