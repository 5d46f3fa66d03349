package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.djgc.core.testing.PipelineServer;
import org.djgc.core.testing.TestDatabase;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grace holds whatever the hosts' time zones (spec §8.1): the packaged jar quarantines in a JVM at
 * UTC−11 and purges in a JVM at UTC+14, with {@code gc.metadata.url} a plain JDBC URL without
 * driver options, on MariaDB and on PostgreSQL (pipeline and metadata both). A purge 6 days after
 * quarantine (grace 7 days) deletes nothing; 8 days after, it deletes the orphan.
 */
class TimeZoneIT {
  private static final String SCHEMA = "gctz_a";
  private static final String META = "djgc_tz_meta";
  private static final String STORE = "tz";
  private static final String WEST = "-Duser.timezone=Pacific/Pago_Pago";
  private static final String EAST = "-Duser.timezone=Pacific/Kiritimati";

  @TempDir Path tmp;
  private PipelineServer db;
  private OrphanBlobPipeline pipeline;

  static Stream<PipelineServer> servers() {
    return Stream.of(TestDatabase.get(), TestPostgres.get());
  }

  @AfterEach
  void drop() {
    if (pipeline != null) {
      pipeline.drop();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void graceHoldsAcrossJvmTimeZonesWithAPlainMetadataUrl(PipelineServer server) throws Exception {
    db = server;
    pipeline = new OrphanBlobPipeline(db, tmp, SCHEMA, META, STORE);

    // when: quarantine at UTC−11 (clock + 2 days: the orphan is past min-age)
    GcJar.Result quarantine = run(WEST, "--job=quarantine", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P2D");

    // then: moved, and every instant recorded is dj-gc's clock in UTC
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isZero();
    assertThat(Files.exists(pipeline.store().resolve(pipeline.orphan()))).isFalse();
    assertThat(pipeline.files("_trash")).hasSize(1);
    assertThat(pipeline.query("SELECT state FROM gc_quarantine")).containsExactly("QUARANTINED");
    // minutes between each recorded instant and the database's UTC clock + 2 days: 0 when in UTC
    assertThat(pipeline.query("SELECT " + tenMinutesFromClockPlus2Days("quarantined_at") + " FROM gc_quarantine"))
        .containsExactly("0");
    assertThat(pipeline.query("SELECT " + tenMinutesFromClockPlus2Days("at") + " FROM gc_quarantine_event ORDER BY id"))
        .containsExactly("0", "0");

    // when: purge at UTC+14, 6 days after the quarantine (grace 7 days)
    GcJar.Result early = run(EAST, "--job=purge", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P8D");

    // then: nothing deleted
    assertThat(early.exitCode()).as(early.toString()).isZero();
    assertThat(pipeline.files("_trash")).hasSize(1);
    assertThat(pipeline.query("SELECT state FROM gc_quarantine")).containsExactly("QUARANTINED");
    assertThat(Files.exists(pipeline.store().resolve(pipeline.live()))).isTrue();

    // when: purge at UTC+14, 8 days after the quarantine
    GcJar.Result due = run(EAST, "--job=purge", "--schema=" + SCHEMA, "--gc.testing.clock-offset=P10D");

    // then: the orphan's trash copy is gone, the live file stays
    assertThat(due.exitCode()).as(due.toString()).isZero();
    assertThat(pipeline.files("_trash")).isEmpty();
    assertThat(pipeline.query("SELECT state FROM gc_quarantine")).containsExactly("PURGED");
    assertThat(Files.exists(pipeline.store().resolve(pipeline.live()))).isTrue();
    assertThat(Files.exists(pipeline.store().resolve(pipeline.orphan()))).isFalse();
  }

  /** Ten-minute steps between a recorded UTC time and the server's UTC clock + 2 days: 0 when in UTC. */
  private String tenMinutesFromClockPlus2Days(String column) {
    return db.postgres()
        ? "ROUND(EXTRACT(EPOCH FROM " + column + " - (clock_timestamp() AT TIME ZONE 'UTC' + INTERVAL '2 days'))"
            + " / 600)"
        : "ROUND(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6) + INTERVAL 2 DAY, " + column + ") / 600)";
  }

  private GcJar.Result run(String zone, String... args) throws Exception {
    String url = db instanceof TestPostgres pg ? pg.jdbcUrl() + "?currentSchema=" + META
        : ((TestDatabase) db).jdbcUrl() + META;
    List<String> all = new ArrayList<>(List.of("--store=" + STORE, "--gc.work-dir=" + tmp.resolve("work"),
        "--gc.metadata.url=" + url, "--gc.metadata.username=" + db.user()));
    all.addAll(List.of(args));
    return GcJar.run(List.of(zone, GcJar.TESTING_SWITCH), pipeline.project(),
        Map.of("GC_METADATA_PASSWORD", db.password()),
        all.toArray(String[]::new));
  }
}
