package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.djgc.core.testing.DataJointSmallFixture;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote partitioning with the packaged jar (issue 11): a manager ({@code --remote-partitions}) and
 * worker processes ({@code --worker}) over the real RabbitMQ on 127.0.0.1:5672, sharing the job
 * repository in MariaDB, on the pipeline written by the real DataJoint client. Each test has its own
 * queue, removed at the end.
 */
class RemotePartitioningIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final DataJointSmallFixture FIXTURE = DataJointSmallFixture.locate();
  @TempDir static Path tmp;
  private static Path project;
  private String queue;
  private final List<String> queues = new ArrayList<>();

  @BeforeAll
  static void load() {
    FIXTURE.loadSchemas(DB);
    FIXTURE.extractStores(tmp.resolve("stores"));
    project = tmp.resolve("pipeline");
    FIXTURE.writeConfig(project, tmp.resolve("stores"), DB);
  }

  @AfterAll
  static void drop() {
    DB.dropSchemas(DataJointSmallFixture.SCHEMAS);
  }

  @BeforeEach
  void newQueue() {
    queue = "djgc.it." + System.nanoTime();
  }

  @org.junit.jupiter.api.AfterEach
  void deleteQueue() throws Exception {
    try (Connection connection = broker().newConnection(); Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    }
  }

  @Test
  void aReportInSixteenPartitionsOnTwoWorkersEqualsTruthAndLeavesNoWorkFiles() throws Exception {
    // given
    try (WorkerProcess first = worker("w1"); WorkerProcess second = worker("w2")) {
      // when
      GcJar.Result result = manager(project, List.of(), "--job=report", "--remote-partitions=16");

      // then: truth's orphans; every partition ran on a worker, and both workers ran some
      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode report = new ObjectMapper().readTree(result.out());
      assertThat(orphans(report)).isEqualTo(FIXTURE.files("main", "orphaned"));
      long execution = report.get("execution_id").asLong();
      assertThat(partitions(execution)).hasSize(16).allSatisfy((name, status) -> assertThat(status)
          .isEqualTo("COMPLETED"));
      int ranByFirst = count(first.log(), "ended COMPLETED");
      int ranBySecond = count(second.log(), "ended COMPLETED");
      assertThat(ranByFirst + ranBySecond).isEqualTo(16);
      assertThat(ranByFirst).isPositive();
      assertThat(ranBySecond).isPositive();
      assertThat(workFileRows(execution)).isZero();
      assertThat(tmp.resolve("work-w1")).isEmptyDirectory();
      assertThat(tmp.resolve("work-w2")).isEmptyDirectory();
      assertThat(result.out() + result.err() + first.log() + second.log()).doesNotContain(DB.password());
    }
  }

  @Test
  void quarantineAndPurgeWithWorkersRemoveExactlyTheOrphansAndNeverTouchLiveOrProtectedFiles() throws Exception {
    // given: a fresh copy of the stores, written long ago as far as dj-gc's clock is concerned
    Path cycle = cyclePipeline("cycle");
    Map<String, Long> live = FIXTURE.files("main", "live");
    Map<String, Long> protectedFiles = FIXTURE.files("main", "protected");

    // when: the scan, the moves and the deletes all run on the workers
    GcJar.Result quarantine;
    GcJar.Result purge;
    try (WorkerProcess first = worker("w1", cycle); WorkerProcess second = worker("w2", cycle)) {
      quarantine = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=quarantine", "--remote-partitions=12",
          "--gc.testing.clock-offset=P2D");
      purge = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=purge", "--remote-partitions=4",
          "--gc.testing.clock-offset=P10D");
    }

    // then: one move partition per slice, deletes in partitions, each orphan moved and deleted once
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isZero();
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    long moved = new ObjectMapper().readTree(quarantine.out()).get("execution_id").asLong();
    assertThat(partitions(moved, "moveSlice")).hasSize(12).allSatisfy((name, status) -> assertThat(status)
        .isEqualTo("COMPLETED"));
    long purged = new ObjectMapper().readTree(purge.out()).get("execution_id").asLong();
    assertThat(partitions(purged, "deleteSlice")).isNotEmpty().allSatisfy((name, status) -> assertThat(status)
        .isEqualTo("COMPLETED"));
    Map<String, Long> orphaned = FIXTURE.files("main", "orphaned");
    assertThat(counter(quarantine, "quarantined")).isEqualTo(orphaned.size());
    assertThat(counter(purge, "purged")).isEqualTo(orphaned.size());
    Map<String, Long> remaining = files(cycle.resolveSibling("cycle-stores").resolve("main"));
    assertThat(remaining).containsAllEntriesOf(live).containsAllEntriesOf(protectedFiles)
        .hasSize(live.size() + protectedFiles.size());
    assertThat(workFileRows(moved)).isZero();
    assertThat(workFileRows(purged)).isZero();
  }

  @Test
  void aWorkerKilledMidMovesFailsTheRunAndTheRestartMovesOnlyInThePartitionsThatDidNotComplete() throws Exception {
    // given: the only worker halts (as kill -9 would) right after its first move into the trash
    Path cycle = cyclePipeline("killed-mover");
    GcJar.Result failed;
    try (WorkerProcess doomed = WorkerProcess.start(GcJar.jar(), cycle, List.of(GcJar.TESTING_SWITCH),
        workerArguments("w1", "--gc.testing.crash-at=quarantine.afterMove")).awaitReady()) {
      // when
      failed = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=quarantine", "--remote-partitions=8",
          "--gc.testing.clock-offset=P2D");
      assertThat(doomed.awaitExit(30)).as(doomed.log()).isEqualTo(137);
    }

    // then: the manager noticed at once (exit 5); one file sits in the trash under a MOVING row
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
    assertThat(failed.err()).contains("is gone");
    long first = restartId(failed);
    Map<String, String> before = partitions(first, "moveSlice");
    List<String> unfinished = before.entrySet().stream().filter(e -> !e.getValue().equals("COMPLETED"))
        .map(Map.Entry::getKey).toList();
    assertThat(before).hasSize(8);
    assertThat(unfinished).isNotEmpty();
    assertThat(ledgerStates()).containsKey("MOVING");

    // when: restarted with a healthy worker, then purged
    GcJar.Result restarted;
    GcJar.Result purge;
    try (WorkerProcess worker = worker("w2", cycle)) {
      restarted = GcJar.runTesting(cycle, Map.of(), "--restart=" + first, "--format=json",
          "--gc.codecs.peertext=schema", "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S",
          "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D");
      purge = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=purge", "--remote-partitions=4",
          "--gc.testing.clock-offset=P10D");
    }

    // then: only the unfinished partitions moved again, and the end state is an uninterrupted run's
    assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
    long second = new ObjectMapper().readTree(restarted.out()).get("execution_id").asLong();
    assertThat(partitions(second, "moveSlice").keySet()).containsExactlyInAnyOrderElementsOf(unfinished);
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(ledgerStates()).containsOnlyKeys("PURGED").containsEntry("PURGED",
        (long) FIXTURE.files("main", "orphaned").size());
    assertSurvivorsAreLiveAndProtected(cycle);
  }

  @Test
  void theMovePartitionsOfAKilledManagerFinishOrStopAtTheirNextChunkAndItsRestartConverges() throws Exception {
    // given: the manager halts (as kill -9 would) right after sending its move partitions; a chunk
    // is one unit, so a partition that started before the halt meets the lock check again
    Path cycle = cyclePipeline("killed-manager");
    try (WorkerProcess worker = worker("w1", cycle)) {
      GcJar.Result killed = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=quarantine",
          "--remote-partitions=6", "--gc.testing.clock-offset=P2D", "--gc.chunk-size=1",
          "--gc.testing.crash-at=quarantine.moveSlices.sent");
      assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
      long first = lastExecution("quarantine");

      // when: the worker takes the move requests
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (partitions(first, "moveSlice").containsValue("STARTING")
          || partitions(first, "moveSlice").containsValue("STARTED")) {
        assertThat(System.nanoTime()).as(worker.log()).isLessThan(deadline);
        Thread.sleep(200);
      }

      // then: each partition either finished before the halt was seen or stopped at a chunk's lock
      // check, naming one of the manager's locks now free (its execution lock or the store lock: the
      // halted process held them on two connections, which the server may notice closed in either
      // order); no move was left half-done
      Map<String, String> exits = org.djgc.core.testing.BatchPartitions.exits(DB.dataSource(), first, "moveSlice");
      assertThat(exits).isNotEmpty().allSatisfy((name, exit) -> assertThat(exit).satisfiesAnyOf(
          e -> assertThat(e).startsWith("COMPLETED"),
          e -> assertThat(e).startsWith("FAILED").contains("no longer holds lock djgc-exec-" + first),
          e -> assertThat(e).startsWith("FAILED").containsPattern("no longer holds lock djgc-store-\\p{XDigit}+ \\("
              + "session \\d+, now free\\)")));
      // (which of the two each partition does is a race with the server noticing the halt: a worker fast
      // enough finishes them all, as CI saw once; the lock check itself is RemotePartitionsTest's and
      // RunLocksTest's to prove deterministically)
      assertThat(ledgerStates()).doesNotContainKey("MOVING");

      // when: the run is restarted, then purged
      GcJar.Result restarted = GcJar.runTesting(cycle, Map.of(), "--restart=" + first, "--format=json",
          "--gc.codecs.peertext=schema", "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S",
          "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D");
      GcJar.Result purge = manager(cycle, List.of(GcJar.TESTING_SWITCH), "--job=purge", "--remote-partitions=4",
          "--gc.testing.clock-offset=P10D");

      // then: it converges on an uninterrupted run's end state
      assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
      assertThat(purge.exitCode()).as(purge.toString()).isZero();
      assertThat(ledgerStates()).containsOnlyKeys("PURGED").containsEntry("PURGED",
          (long) FIXTURE.files("main", "orphaned").size());
      assertSurvivorsAreLiveAndProtected(cycle);
    }
  }

  /**
   * A fresh copy of the stores and a pipeline directory using it, its store registered and no
   * ledger rows of store {@code main} left from other tests.
   */
  private static Path cyclePipeline(String name) throws Exception {
    Path copy = tmp.resolve(name + "-stores");
    FIXTURE.extractStores(copy);
    Path cycle = tmp.resolve(name);
    FIXTURE.writeConfig(cycle, copy, DB);
    GcJar.run(cycle, Map.of(), "--job=stats", "--store=main", "--gc.codecs.peertext=schema");
    DB.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'main'");
    return cycle;
  }

  private static void assertSurvivorsAreLiveAndProtected(Path cycle) throws Exception {
    Map<String, Long> live = FIXTURE.files("main", "live");
    Map<String, Long> protectedFiles = FIXTURE.files("main", "protected");
    assertThat(files(cycle.resolveSibling(cycle.getFileName() + "-stores").resolve("main")))
        .containsAllEntriesOf(live).containsAllEntriesOf(protectedFiles)
        .hasSize(live.size() + protectedFiles.size());
  }

  /** Ledger rows of store {@code main}, counted by state. */
  private static Map<String, Long> ledgerStates() throws Exception {
    Map<String, Long> states = new TreeMap<>();
    try (java.sql.Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement(
            "SELECT state, COUNT(*) FROM datajoint_gc.gc_quarantine WHERE store = 'main' GROUP BY state");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        states.put(r.getString(1), r.getLong(2));
      }
    }
    return states;
  }

  private static long counter(GcJar.Result result, String name) throws Exception {
    return new ObjectMapper().readTree(result.out()).path("counters").path(name).asLong();
  }

  @Test
  void aManagerWithoutWorkersFailsAfterItsTimeoutAndItsRestartWithAWorkerFinishes() throws Exception {
    // when: nobody takes the partitions
    GcJar.Result failed = manager(project, List.of(), "--job=report", "--remote-partitions=4",
        "--gc.remote.timeout=PT3S");

    // then: exit 5 naming the cause, restartable; every partition is marked failed, none ran
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
    assertThat(failed.err()).contains("no worker took any", queue);
    long first = restartId(failed);
    assertThat(partitions(first)).hasSize(4).allSatisfy((name, status) -> assertThat(status).isEqualTo("FAILED"));

    // when: a worker comes, and the run is restarted
    GcJar.Result restarted;
    try (WorkerProcess worker = worker("w1")) {
      restarted = GcJar.run(project, Map.of(), "--restart=" + first, "--gc.codecs.peertext=schema",
          "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S", "--gc.work-dir=" + tmp.resolve("work"));

      // then: the report of truth; the worker dropped the stale requests of the failed execution
      assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
      assertThat(orphans(new ObjectMapper().readTree(restarted.out()))).isEqualTo(FIXTURE.files("main", "orphaned"));
      assertThat(count(worker.log(), "is FAILED, not waiting; dropping")).isEqualTo(4);
      assertThat(count(worker.log(), "ended COMPLETED")).isEqualTo(4);
    }
  }

  @Test
  void aWorkerKilledInItsPartitionFailsTheRunAndTheRestartRescansOnlyWhatDidNotComplete() throws Exception {
    // given: one worker halts (as kill -9 would) after listing its third partition
    GcJar.Result failed;
    try (WorkerProcess healthy = worker("w1");
        WorkerProcess doomed = WorkerProcess.start(GcJar.jar(), project, List.of(GcJar.TESTING_SWITCH),
            workerArguments("w2", "--gc.testing.crash-at=report.scanSlice.listed:3")).awaitReady()) {
      // when
      failed = manager(project, List.of(), "--job=report", "--remote-partitions=12");
      assertThat(doomed.awaitExit(30)).as(doomed.log()).isNotEqualTo(-1);
    }

    // then: the manager noticed at once (exit 5), and the partitions that completed stay completed
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
    assertThat(failed.err()).contains("is gone");
    long first = restartId(failed);
    Map<String, String> before = partitions(first);
    List<String> unfinished = before.entrySet().stream().filter(e -> !e.getValue().equals("COMPLETED"))
        .map(Map.Entry::getKey).toList();
    assertThat(before).hasSize(12);
    assertThat(before.values()).filteredOn("COMPLETED"::equals).hasSizeGreaterThanOrEqualTo(2);
    assertThat(unfinished).isNotEmpty();

    // when
    GcJar.Result restarted;
    try (WorkerProcess worker = worker("w3")) {
      restarted = GcJar.run(project, Map.of(), "--restart=" + first, "--gc.codecs.peertext=schema",
          "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S", "--gc.work-dir=" + tmp.resolve("work"));
    }

    // then: only the unfinished partitions ran again, and the report equals truth
    assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(restarted.out());
    assertThat(orphans(report)).isEqualTo(FIXTURE.files("main", "orphaned"));
    assertThat(partitions(report.get("execution_id").asLong()).keySet()).containsExactlyInAnyOrderElementsOf(unfinished);
    assertThat(workFileRows(first)).isZero();
  }

  @Test
  void theRequestsOfAKilledManagerAreRefusedByWorkersAndItsRestartConverges() throws Exception {
    // given: the manager halts (as kill -9 would) right after sending its partitions, before any worker runs
    GcJar.Result killed = manager(project, List.of(GcJar.TESTING_SWITCH), "--job=report", "--remote-partitions=8",
        "--gc.testing.crash-at=report.scanSlices.sent");
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
    long first = lastReportExecution();
    assertThat(partitions(first)).hasSize(8).allSatisfy((name, status) -> assertThat(status).isEqualTo("STARTING"));

    // when: a worker takes the requests
    try (WorkerProcess worker = worker("w1")) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (count(worker.log(), "ended FAILED") < 8 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }

      // then: each partition proved its manager gone before listing anything, and failed
      assertThat(count(worker.log(), "ended FAILED")).as(worker.log()).isEqualTo(8);
      assertThat(worker.log()).contains("no longer holds lock djgc-exec-" + first);
      assertThat(worker.log()).doesNotContain("ended COMPLETED");

      // when: the run is restarted
      GcJar.Result restarted = GcJar.run(project, Map.of(), "--restart=" + first, "--gc.codecs.peertext=schema",
          "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S", "--gc.work-dir=" + tmp.resolve("work"));

      // then: it converges on truth, every slice scanned by the restart
      assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
      JsonNode report = new ObjectMapper().readTree(restarted.out());
      assertThat(orphans(report)).isEqualTo(FIXTURE.files("main", "orphaned"));
      assertThat(partitions(report.get("execution_id").asLong())).hasSize(8);
    }
  }

  private static long lastReportExecution() throws Exception {
    return lastExecution("report");
  }

  private static long lastExecution(String job) throws Exception {
    try (java.sql.Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT MAX(e.JOB_EXECUTION_ID) FROM"
            + " datajoint_gc.BATCH_JOB_EXECUTION e JOIN datajoint_gc.BATCH_JOB_INSTANCE i"
            + " ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID WHERE i.JOB_NAME = ?")) {
      s.setString(1, job);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private WorkerProcess worker(String name) throws Exception {
    return worker(name, project);
  }

  private WorkerProcess worker(String name, Path directory) throws Exception {
    return WorkerProcess.start(GcJar.jar(), directory, List.of(), workerArguments(name)).awaitReady();
  }

  private String[] workerArguments(String name, String... extra) {
    List<String> args = new ArrayList<>(List.of("--gc.remote.queue=" + queue, "--gc.codecs.peertext=schema",
        "--gc.work-dir=" + tmp.resolve("work-" + name)));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private GcJar.Result manager(Path directory, List<String> jvm, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--store=main", "--schema=djfx_s0,djfx_s1", "--format=json",
        "--gc.codecs.peertext=schema", "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.2S",
        "--gc.work-dir=" + tmp.resolve("work")));
    all.addAll(List.of(args));
    return GcJar.run(jvm, directory, Map.of(), all.toArray(String[]::new));
  }

  private static ConnectionFactory broker() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    return factory;
  }

  private static long restartId(GcJar.Result result) {
    Matcher id = Pattern.compile("--restart=(\\d+)").matcher(result.err());
    assertThat(id.find()).as(result.err()).isTrue();
    return Long.parseLong(id.group(1));
  }

  private static Map<String, Long> orphans(JsonNode report) {
    Map<String, Long> orphans = new TreeMap<>();
    report.get("orphans").forEach(o -> orphans.put(o.get("path").asText(), o.get("size").asLong()));
    return orphans;
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  private static Map<String, String> partitions(long execution) {
    return org.djgc.core.testing.BatchPartitions.statuses(DB.dataSource(), execution);
  }

  private static Map<String, String> partitions(long execution, String workerStep) {
    return org.djgc.core.testing.BatchPartitions.statuses(DB.dataSource(), execution, workerStep);
  }

  private static long workFileRows(long execution) throws Exception {
    try (java.sql.Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement(
            "SELECT COUNT(*) FROM datajoint_gc.gc_work_file WHERE execution_id = ?")) {
      s.setLong(1, execution);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static Map<String, Long> files(Path root) throws Exception {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.size(file));
      }
    }
    return files;
  }
}
