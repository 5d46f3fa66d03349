package org.djgc.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.PipelineServer;
import org.djgc.core.testing.TestDatabase;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DataJoint pipeline on the test MariaDB (on PostgreSQL for a class annotated {@link OnPostgres})
 * with a {@code file} store named {@code local} (as in upstream's tests), schemas {@code gct_a} and
 * {@code gct_b}, and helpers to run {@code report}.
 */
public abstract class ReportTestBase {
  protected static final String A = "gct_a";
  protected static final String B = "gct_b";
  protected static final String STORE = "local";

  /** The test MariaDB: the pipeline's and metadata's server unless the class runs {@link OnPostgres}. */
  protected final TestDatabase db = TestDatabase.get();
  /** Where the pipeline's schemas live: MariaDB, or PostgreSQL for a class annotated {@link OnPostgres}. */
  protected final PipelineServer pipeline = getClass().isAnnotationPresent(OnPostgres.class) ? TestPostgres.get() : db;
  /**
   * Where dj-gc's metadata (job repository, ledger) lives: by default, as here, beside the pipeline
   * ({@code datajoint_gc}: a database on MariaDB, a schema of the pipeline's database on PostgreSQL).
   */
  protected final PipelineServer metadata = pipeline;
  @TempDir protected Path tmp;
  protected Path storeRoot;
  protected DjFixture fx;
  private final Map<String, Object> storeSettings = new LinkedHashMap<>();

  @BeforeEach
  void createPipeline() {
    storeRoot = tmp.resolve("store");
    pipeline.recreateSchema(A);
    pipeline.recreateSchema(B);
    if (ledgerExists()) {
      metadata.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
    }
    fx = fixture(storeRoot, STORE, "_hash", "_schema", List.of());
  }

  private boolean ledgerExists() {
    try (var connection = metadata.dataSource().getConnection(); var s = connection.createStatement();
        var tables = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema ="
            + " 'datajoint_gc' AND table_name = 'gc_quarantine'")) {
      return tables.next() && tables.getInt(1) > 0;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void dropPipeline() {
    pipeline.dropSchemas(A, B);
  }

  protected DjFixture fixture(Path root, String store, String hashPrefix, String schemaPrefix, List<Integer> subfold) {
    return new DjFixture(pipeline, root, store, hashPrefix, schemaPrefix, subfold);
  }

  /** Extra keys of the {@code local} store spec (prefixes, subfolding). */
  protected void storeSetting(String key, Object value) {
    storeSettings.put(key, value);
  }

  protected Path writeConfig() {
    storeRoot.toFile().mkdirs();
    return configure(DjConfigFile.forDatabase(pipeline).fileStore(STORE, storeRoot, storeSettings).defaultStore(STORE))
        .writeTo(tmp.resolve("config"));
  }

  /** Adds to the {@code datajoint.json} of every run (other stores, another user). */
  protected DjConfigFile configure(DjConfigFile config) {
    return config;
  }

  /** Runs {@code report --format=json} on store {@code local} with the given extra arguments. */
  protected GcCli.Result report(String... args) {
    return job("report", args);
  }

  /** Extra arguments of every run: subclasses route the store through another backend. */
  protected List<String> backendArguments() {
    return List.of();
  }

  /** Runs any job with {@code --format=json} on store {@code local} with the given extra arguments. */
  protected GcCli.Result job(String job, String... args) {
    List<String> all = new ArrayList<>(List.of("--job=" + job, "--store=" + STORE, "--format=json",
        "--dj-config=" + writeConfig(), "--gc.work-dir=" + tmp.resolve("work"),
        "--gc.codecs.gc_custom_object=schema"));
    all.addAll(backendArguments());
    all.addAll(Arrays.asList(args));
    return GcCli.run(all.toArray(String[]::new));
  }

  /** Runs a report expected to succeed and parses it. */
  protected ReportJson cleanReport(String... args) {
    GcCli.Result result = report(args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    return ReportJson.parse(result.out());
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The path inside a DataJoint JSON value. */
  protected static String pathOf(String json) {
    int start = json.indexOf("\"path\": \"") + 9;
    return json.substring(start, json.indexOf('"', start));
  }
}
