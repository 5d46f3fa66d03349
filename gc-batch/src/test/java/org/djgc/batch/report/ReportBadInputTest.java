package org.djgc.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.junit.jupiter.api.Test;

/** Bad input: a clear message naming the bad value, exit code 2, and no job started. */
class ReportBadInputTest extends ReportTestBase {

  private GcCli.Result run(Path config, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--dj-config=" + config;
    all[1] = "--gc.work-dir=" + tmp.resolve("work");
    System.arraycopy(args, 0, all, 2, args.length);
    return GcCli.run(all);
  }

  @Test
  void aSchemaThatIsNeitherOnTheServerNorInTheStoreIsRefusedByName() {
    // given: schema A holds an orphan; "gct_typo" exists nowhere
    fx.putHash(A, bytes("orphan"));

    // when: report and quarantine are asked for the misspelt schema
    var report = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + A + ",gct_typo");
    var quarantine = run(writeConfig(), "--job=quarantine", "--store=" + STORE, "--schema=gct_typo");

    // then: exit 2 naming it and where it was looked for; nothing ran, nothing moved
    for (GcCli.Result result : java.util.List.of(report, quarantine)) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).contains("--schema gct_typo: no such schema", "_hash/gct_typo/",
          "_schema/gct_typo/", "nothing ran");
      assertThat(result.out()).isEmpty();
    }
    assertThat(storeRoot.resolve("_trash")).doesNotExist();
  }

  @Test
  void aDroppedSchemaWhoseFilesAreStillInTheStoreIsReported() {
    // given: schema B's tables are gone (the schema dropped), its files are not
    String leftover = pathOf(fx.putHash(B, bytes("left behind")));
    db.dropSchemas(B);

    // when
    var result = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + B, "--format=json");

    // then: the report runs and finds the leftover file orphaned
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).contains(leftover);
  }

  @Test
  void anUnknownStoreIsNamed() {
    var result = run(writeConfig(), "--job=report", "--store=nosuch", "--schema=" + A);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("Storage 'nosuch' is requested but not configured in stores", STORE);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-3", "4097"})
  void aPartitionCountOutOfRangeIsNamed(String partitions) {
    var result = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + A, "--gc.partitions=" + partitions);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("gc.partitions must be between 1 and 4096, found " + partitions);
  }

  @Test
  void malformedDatajointJsonIsReportedWithItsPosition() throws IOException {
    Path config = tmp.resolve("bad/datajoint.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"database\": {\"host\": \"127.0.0.1\",}\n");
    var result = run(config, "--job=report", "--store=" + STORE, "--schema=" + A);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("Malformed JSON", config.toString(), "line 1");
  }

  @Test
  void overlappingPrefixesAreRefused() {
    storeSetting("hash_prefix", "data");
    storeSetting("schema_prefix", "data/objects");
    var result = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + A);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("hash_prefix 'data'", "schema_prefix 'data/objects'", "overlap");
  }

  @Test
  void aPrefixOverlappingTheTrashIsRefused() {
    storeSetting("schema_prefix", "_trash/objects");
    var result = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + A);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("schema_prefix", "_trash", "reserved");
  }

  @Test
  void aWorkDirectoryThatCannotBeWrittenIsRefusedBeforeAnythingRuns() throws Exception {
    // given: gc.work-dir names a regular file (and the job repository exists)
    Path file = java.nio.file.Files.writeString(tmp.resolve("not-a-directory"), "x");
    assertThat(job("stats").exitCode()).isEqualTo(ExitCode.OK);
    long before = org.djgc.batch.support.StoreState.lastExecution(metadata, STORE);

    // when
    GcCli.Result result = GcCli.run("--dj-config=" + writeConfig(), "--gc.work-dir=" + file, "--job=quarantine",
        "--store=" + STORE, "--schema=" + A);

    // then: exit 2 naming the setting; no execution was created
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("gc.work-dir " + file + " is not a writable directory");
    assertThat(org.djgc.batch.support.StoreState.lastExecution(metadata, STORE)).isEqualTo(before);
  }

  @Test
  void aTrashThatCannotBeWrittenIsRefusedBeforeAnyRowIsRecorded() throws Exception {
    // given: an orphan, and the store's trash prefix taken by a regular file
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    String orphan = pathOf(fx.putHash(A, bytes("orphan")));
    java.nio.file.Files.writeString(storeRoot.resolve("_trash"), "not a directory");

    // when
    GcCli.Result result = job("quarantine", "--schema=" + A, "--gc.testing.clock-offset=P2D");

    // then: exit 2 naming the trash; the orphan is in place and the ledger has no row
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("Store local: its trash " + storeRoot.resolve("_trash"),
        "is not a directory this user can write");
    assertThat(fx.exists(orphan)).isTrue();
    assertThat(org.djgc.batch.support.StoreState.ledger(metadata, STORE)).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersFailsAfterTheConnectTimeoutNamingIt() throws Exception {
    // given: something listens where the database should be, accepts, and never says a word
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Path config = DjConfigFile.forDatabase(db).port(silent.getLocalPort()).fileStore(STORE, storeRoot, Map.of())
          .writeTo(tmp.resolve("silent"));
      storeRoot.toFile().mkdirs();

      // when: a 1-second connect timeout (bounded here so a hang fails the test instead of the build)
      var result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
          () -> run(config, "--job=report", "--store=" + STORE, "--schema=" + A, "--gc.connect-timeout=PT1S"));

      // then: exit 2 naming the server and the setting
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).contains("Cannot connect to", "127.0.0.1:" + silent.getLocalPort(),
          "gc.connect-timeout");
      for (java.net.Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aConnectTimeoutOutsideItsBoundsIsRefused() throws Exception {
    var result = run(writeConfig(), "--job=report", "--store=" + STORE, "--schema=" + A,
        "--gc.connect-timeout=PT0.1S");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("gc.connect-timeout must be between PT1S and PT10M, found PT0.1S");
  }

  @Test
  void anUnreachableDatabaseIsAClearErrorWithoutThePassword() throws Exception {
    Path config = DjConfigFile.forDatabase(db).port(1).user("someone", "S3cr3t-pw").fileStore(STORE, storeRoot,
        Map.of()).writeTo(tmp.resolve("unreachable"));
    storeRoot.toFile().mkdirs();
    var result = run(config, "--job=report", "--store=" + STORE, "--schema=" + A);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("Cannot connect to dj-gc's metadata database datajoint_gc at someone@"
        + db.host() + ":1 (mysql): Communications link failure", "DJ_PORT");
    assertThat(result.out() + result.err()).doesNotContain("S3cr3t-pw");

    // and: a caller that reads JSON gets a document saying so
    var json = run(config, "--job=report", "--store=" + STORE, "--schema=" + A, "--format=json");
    assertThat(json.exitCode()).isEqualTo(ExitCode.USAGE);
    var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(document.get("job").asText()).isEqualTo("report");
    assertThat(document.get("status").asText()).isEqualTo("failed");
    assertThat(document.get("exit_code").asInt()).isEqualTo(2);
    assertThat(document.get("error").asText()).startsWith("Cannot connect to dj-gc's metadata database")
        .doesNotContain("S3cr3t-pw");
  }

  @Test
  void aMissingStoreDirectoryIsNamed() {
    Path config = DjConfigFile.forDatabase(db).fileStore(STORE, tmp.resolve("does-not-exist"), Map.of())
        .writeTo(tmp.resolve("missing"));
    var result = run(config, "--job=report", "--store=" + STORE, "--schema=" + A);
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("does-not-exist", "not an existing directory");
  }

  @Test
  void commandLineMistakesAreNamed() {
    Path config = writeConfig();
    assertThat(run(config, "--job=report", "--store=" + STORE, "--schema=" + A, "--bogus=1").err())
        .contains("Unknown option --bogus");
    assertThat(run(config, "--job=report", "--store=" + STORE).err()).contains("Missing --schema");
    assertThat(run(config, "--job=sweep", "--schema=" + A).err()).contains("Unknown job 'sweep'");
    assertThat(run(config, "--job=report", "--store=" + STORE, "--schema=../etc").err())
        .contains("Invalid schema name: '../etc'");
    assertThat(run(config, "--job=report", "--store=" + STORE, "--schema=" + A, "--format=xml").exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThat(run(config, "--restart=abc").err()).contains("Invalid --restart 'abc'");
  }

  @Test
  void restartingAnUnknownExecutionIsAUsageError() {
    var result = run(writeConfig(), "--restart=987654321");
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("No job execution with id 987654321");
  }

  @Test
  void helpDocumentsEveryFlagAndExitCode() {
    var result = GcCli.run("--help");
    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).contains("--job=JOB", "--store=NAME", "--schema=S", "--all-schemas", "--format",
        "--dj-config", "--restart", "--reference-scope", "--force", "--path=P", "--glob=G", "--quarantine-run=ID",
        "--since=T", "--until=T", "--rebuild-ledger", "--dry-run", "--limit=N", "--metrics-file=PATH",
        "--log-format", "gc.codecs", "gc.grace-seconds", "gc.min-object-age", "Exit codes", "3  refused");
    for (String job : org.djgc.batch.cli.JobCatalog.ALL.stream().map(j -> j.name()).toList()) {
      assertThat(result.out()).containsPattern("(?m)^\\s+" + job + "\\s{2,}\\S");
    }
  }
}
