package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/dj-gc} (issue 10, spec §12.1a): the first job run records a class data sharing
 * archive, later runs map it, and every run behaves exactly as {@code java -jar gc-batch.jar}:
 * the same exit code and the same report on stdout, with no JVM diagnostics mixed into the JSON.
 */
class FastStartLauncherIT {
  private static final String SCHEMA = "gcfs_a";
  private static final String META = "djgc_fs_meta";
  private static final String STORE = "fs";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestDatabase db = TestDatabase.get();
  @TempDir Path tmp;
  private OrphanBlobPipeline pipeline;
  private Path cache;

  @BeforeEach
  void pipeline() {
    pipeline = new OrphanBlobPipeline(db, tmp, SCHEMA, META, STORE);
    cache = tmp.resolve("cache");
  }

  @AfterEach
  void drop() {
    pipeline.drop();
  }

  @Test
  void theFirstJobRunRecordsTheArchiveAndEveryRunReportsAsTheJarDoes() throws Exception {
    // given: the plain jar's report
    GcJar.Result plain = GcJar.run(pipeline.project(), Map.of(), report());
    assertThat(plain.exitCode()).as(plain.toString()).isZero();

    // when: --help, then two reports through the launcher
    GcJar.Result help = launch(Map.of(), "--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(archives()).as("--help records nothing").isEmpty();
    GcJar.Result first = launch(Map.of(), report());
    List<Path> recorded = archives();
    // -Xshare:on makes the JVM refuse to start unless it maps the archive
    GcJar.Result second = launch(Map.of("JAVA_OPTS", "-Xshare:on"), report());

    // then: one archive, recorded by the first report; both reports are the jar's
    assertThat(recorded).hasSize(1);
    assertThat(Files.size(recorded.get(0))).isGreaterThan(1_000_000);
    for (GcJar.Result result : List.of(first, second)) {
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(orphans(result)).isEqualTo(orphans(plain)).containsExactly(pipeline.orphan());
    }
    assertThat(archives()).isEqualTo(recorded);
  }

  @Test
  void aFailedRunKeepsNoArchiveAndCdsOffCachesNothing() throws Exception {
    // when: a run that fails before its job (an unknown store), then one with DJ_GC_CDS=off
    GcJar.Result unknown = launch(Map.of(), "--job=report", "--store=nosuch", "--schema=" + SCHEMA,
        "--gc.metadata.database=" + META);
    GcJar.Result off = launch(Map.of("DJ_GC_CDS", "off", "DJ_GC_CACHE", tmp.resolve("unused").toString()), report());

    // then: the failure exits as the jar does (2, naming the store) and records no archive
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("nosuch");
    assertThat(archives()).isEmpty();
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(orphans(off)).containsExactly(pipeline.orphan());
    assertThat(tmp.resolve("unused")).doesNotExist();
  }

  /**
   * {@code LOADER_PATH} reaches the extracted jar too: the store through the add-on's Hadoop
   * backend reports the same orphan, with its own archive beside the plain one.
   */
  @Test
  void theAddOnInLoaderPathServesAHadoopStoreAndKeepsItsOwnArchive() throws Exception {
    Map<String, String> addOn = Map.of("LOADER_PATH", GcJar.hadoopAddOn().toString());
    String[] viaHadoop = java.util.stream.Stream.concat(java.util.Arrays.stream(report()),
        Stream.of("--gc.hadoop.backend." + STORE + "=hadoop")).toArray(String[]::new);

    GcJar.Result without = launch(Map.of(), viaHadoop);
    GcJar.Result first = launch(addOn, viaHadoop);
    GcJar.Result second = launch(Map.of("JAVA_OPTS", "-Xshare:on", "LOADER_PATH", GcJar.hadoopAddOn().toString()),
        viaHadoop);
    GcJar.Result missing = launch(Map.of("LOADER_PATH", tmp.resolve("nosuch.jar").toString()), report());

    assertThat(without.exitCode()).as(without.toString()).isEqualTo(2);
    assertThat(without.err()).contains("LOADER_PATH=/path/to/gc-hadoop.jar");
    for (GcJar.Result result : List.of(first, second)) {
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(orphans(result)).containsExactly(pipeline.orphan());
      // Hadoop names the store by its URI, file:///...; the native backend as file:/...
      assertThat(result.err()).contains("Listing file:///");
    }
    assertThat(archives()).hasSize(1);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("LOADER_PATH entry " + tmp.resolve("nosuch.jar") + " does not exist");
  }

  private String[] report() {
    return new String[] {"--job=report", "--store=" + STORE, "--schema=" + SCHEMA, "--format=json",
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.metadata.database=" + META};
  }

  private static List<String> orphans(GcJar.Result result) throws Exception {
    JsonNode report = JSON.readTree(result.out());
    List<String> paths = new ArrayList<>();
    report.path("orphans").forEach(orphan -> paths.add(orphan.path("path").asText()));
    return paths;
  }

  private List<Path> archives() throws Exception {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(cache)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  /** {@code scripts/dj-gc ARGS} with the test's jar, cache and Java runtime. */
  private GcJar.Result launch(Map<String, String> env, String... args) throws Exception {
    Path script = Path.of(System.getProperty("gc.repo.root", ".."), "scripts", "dj-gc");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Map<String, String> environment = new HashMap<>(Map.of("DJ_GC_JAR", GcJar.jar().toAbsolutePath().toString(),
        "DJ_GC_CACHE", cache.toString(), "JAVA_HOME", System.getProperty("java.home")));
    environment.putAll(env);
    return GcJar.exec(command, pipeline.project(), environment);
  }
}
