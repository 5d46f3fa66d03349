package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.core.testing.DataJointSmallFixture;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline written by the real DataJoint client: {@code report} must reproduce {@code
 * truth.json}'s orphan sets exactly, with sizes, and never name a live or protected file; a
 * quarantine and purge remove exactly the orphans. This class runs it on MariaDB; {@link
 * PostgresDataJointFixtureTest} runs the same suite on the fixture written on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportDataJointFixtureTest {
  /** The metadata database (and, here, the pipeline's). */
  protected static final TestDatabase DB = TestDatabase.get();
  private DataJointSmallFixture fixture;
  @TempDir static Path tmp;
  private Path config;

  /** The fixture of this suite's database. */
  protected DataJointSmallFixture fixture() {
    return DataJointSmallFixture.locate();
  }

  /** Loads the fixture's dump into the pipeline database. */
  protected void loadSchemas(DataJointSmallFixture fixture) {
    fixture.loadSchemas(DB);
  }

  /** Writes the fixture's {@code datajoint.json} for stores under {@code storeRoot}. */
  protected Path writeConfig(DataJointSmallFixture fixture, Path directory, Path storeRoot) {
    return fixture.writeConfig(directory, storeRoot, DB);
  }

  protected void dropSchemas() {
    DB.dropSchemas(DataJointSmallFixture.SCHEMAS);
  }

  /** Arguments every run of this suite adds (where the metadata database is, when not on the pipeline's server). */
  protected List<String> pipelineArguments() {
    return List.of();
  }

  @BeforeAll
  void load() {
    fixture = fixture();
    loadSchemas(fixture);
    fixture.extractStores(tmp.resolve("stores"));
    config = writeConfig(fixture, tmp.resolve("config"), tmp.resolve("stores"));
  }

  /** The suite's {@code datajoint.json}. */
  protected Path config() {
    return config;
  }

  @AfterAll
  void drop() {
    dropSchemas();
  }

  private GcCli.Result report(String store, String... extra) {
    List<String> all = new ArrayList<>(List.of("--job=report", "--store=" + store, "--schema=djfx_s0",
        "--schema=djfx_s1", "--format=json", "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work")));
    all.addAll(pipelineArguments());
    all.addAll(List.of(extra));
    return GcCli.run(all.toArray(String[]::new));
  }

  /**
   * The {@code stats} object is what DataJoint's {@code collect(dry_run=True)} returns on the same
   * data (truth.json records that upstream's dry run agreed with its orphan sets): exactly upstream's
   * keys (contract §6.6), its orphan lists sorted, nothing deleted.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"main", "sub"})
  void statsAreUpstreamsDryRunStatsOnTheSameData(String store) {
    // when
    GcCli.Result result = report(store, "--gc.codecs.peertext=schema");

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    com.fasterxml.jackson.databind.JsonNode stats = ReportJson.parse(result.out()).stats();
    List<String> keys = new ArrayList<>();
    stats.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("hash_paths_referenced", "hash_paths_stored", "hash_paths_orphaned",
        "hash_paths_orphaned_bytes", "orphaned_hash_paths", "schema_paths_referenced", "schema_paths_stored",
        "schema_paths_orphaned", "schema_paths_orphaned_bytes", "orphaned_schema_paths", "hash_paths_deleted",
        "schema_paths_deleted", "deleted", "bytes_freed", "errors", "scan_errors", "dry_run");
    List<String> listed = new ArrayList<>();
    for (String field : List.of("orphaned_hash_paths", "orphaned_schema_paths")) {
      List<String> paths = new ArrayList<>();
      stats.get(field).forEach(path -> paths.add(path.asText()));
      assertThat(paths).as(field).isSorted().hasSize((int) stats.get(field.replace("orphaned_", "")
          .replace("_paths", "_paths_orphaned")).asLong());
      listed.addAll(paths);
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(fixture.files(store, "orphaned").keySet());
    assertThat(stats.get("deleted").asLong() + stats.get("bytes_freed").asLong()).isZero();
    assertThat(stats.get("scan_errors")).isEmpty();
    assertThat(stats.get("dry_run").asBoolean()).isTrue();
  }

  /** Each store whole, and cut into key ranges ({@code gc.partitions}, issue 11): the same sets either way. */
  @ParameterizedTest(name = "{0}, gc.partitions={1}")
  @CsvSource({"main,1", "sub,1", "main,12", "sub,64"})
  void reportReproducesTheOrphanSetsOfTruthJson(String store, int partitions) {
    // given
    java.util.concurrent.atomic.AtomicInteger ranges = new java.util.concurrent.atomic.AtomicInteger();
    org.djgc.batch.job.support.CrashPoints.onEveryReach("report.scanSlice.listed", ranges::incrementAndGet);

    // when
    GcCli.Result result;
    try {
      result = report(store, "--gc.codecs.peertext=schema", "--gc.partitions=" + partitions, "--gc.partition-threads=3");
    } finally {
      org.djgc.batch.job.support.CrashPoints.clearHooks();
    }

    // then: 4 sections, listed whole, or as ceil(partitions / 4) slices each, each slice a partition step
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    assertThat(ranges).hasValue(partitions == 1 ? 0 : 4 * Math.min(32, (partitions + 3) / 4));
    ReportJson report = ReportJson.parse(result.out());
    Map<String, Long> orphaned = fixture.files(store, "orphaned");
    assertThat(report.orphans()).isEqualTo(orphaned);
    assertThat(report.orphanPaths()).doesNotContainAnyElementsOf(fixture.files(store, "live").keySet());
    assertThat(report.orphanPaths()).doesNotContainAnyElementsOf(fixture.files(store, "protected").keySet());
    assertThat(report.stat("hash_paths_orphaned") + report.stat("schema_paths_orphaned")).isEqualTo(orphaned.size());
    assertThat(report.stat("hash_paths_orphaned_bytes") + report.stat("schema_paths_orphaned_bytes"))
        .isEqualTo(orphaned.values().stream().mapToLong(Long::longValue).sum());
  }

  @ParameterizedTest(name = "{0}, gc.partitions={1}")
  @CsvSource({"main,1", "sub,1", "main,40"})
  void quarantineAndPurgeRemoveExactlyTheOrphansAndNeverTouchLiveOrProtectedFiles(String store, int partitions) {
    // given: a fresh copy of the stores; the files were written long ago as far as dj-gc's clock is concerned
    Path copy = tmp.resolve("cycle-" + store + "-" + partitions);
    fixture.extractStores(copy);
    Path cycleConfig = writeConfig(fixture, tmp.resolve("cycle-config-" + store + "-" + partitions), copy);
    Path root = copy.resolve(store);
    Map<String, Long> live = fixture.files(store, "live");
    Map<String, Long> protectedFiles = fixture.files(store, "protected");
    Map<String, Long> orphaned = fixture.files(store, "orphaned");
    // a clean ledger for the store; stats creates the tables when this class runs before any other
    List<String> stats = new ArrayList<>(List.of("--job=stats", "--store=" + store, "--dj-config=" + cycleConfig,
        "--gc.codecs.peertext=schema"));
    stats.addAll(pipelineArguments());
    GcCli.run(stats.toArray(String[]::new));
    DB.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + store + "'");

    // when
    GcCli.Result quarantine = report(store, "--job=quarantine", "--dj-config=" + cycleConfig,
        "--gc.codecs.peertext=schema", "--gc.testing.clock-offset=P2D", "--gc.partitions=" + partitions);
    GcCli.Result purge = report(store, "--job=purge", "--dj-config=" + cycleConfig, "--gc.codecs.peertext=schema",
        "--gc.testing.clock-offset=P10D");

    // then
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.OK);
    assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(ExitCode.OK);
    Map<String, Long> remaining = org.djgc.batch.support.StoreState.files(root);
    assertThat(remaining).containsAllEntriesOf(live).containsAllEntriesOf(protectedFiles);
    assertThat(remaining.keySet()).doesNotContainAnyElementsOf(orphaned.keySet());
    assertThat(remaining).hasSize(live.size() + protectedFiles.size());
    assertThat(report(store, "--dj-config=" + cycleConfig, "--gc.codecs.peertext=schema").out())
        .contains("\"orphans\" : [ ]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "sub"})
  void withoutTheCustomCodecDeclaredTheReportRefusesAndNamesIt(String store) {
    // when
    GcCli.Result result = report(store);

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(ReportJson.parse(result.out()).findingsText())
        .contains("UNDECLARED_CODEC", "djfx_s0.custom_text.txt", "<peertext@main>", "gc.codecs.peertext");
  }
}
