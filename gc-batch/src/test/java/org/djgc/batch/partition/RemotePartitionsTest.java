package org.djgc.batch.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.InProcessWorker;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote partitions with a worker in this JVM (issue 11, review of the first version): a worker
 * that would scan another store than the manager planned refuses, and a manager waits for busy
 * workers however long their partitions take.
 */
class RemotePartitionsTest extends ReportTestBase {
  private final String queue = "djgc.test." + System.nanoTime();

  @BeforeEach
  void pipeline() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    for (int i = 0; i < 20; i++) {
      fx.insert(A, "blob_test", i, Map.of("payload", fx.putHash(A, bytes("live " + i))));
      fx.putHash(A, bytes("orphan " + i));
    }
  }

  @AfterEach
  void clearHooks() throws Exception {
    CrashPoints.clearHooks();
    org.djgc.batch.support.TestBroker.deleteQueue(queue);
  }

  private GcCli.Result remoteReport(String... extra) {
    String[] base = {"--schema=" + A, "--remote-partitions=4", "--gc.remote.queue=" + queue,
        "--gc.remote.poll-interval=PT0.1S"};
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return report(all);
  }

  @Test
  void aWorkerWhoseConfigurationPointsTheStoreElsewhereRefusesItsPartitions() throws Exception {
    // given: the worker's datajoint.json names the same store, at an empty directory
    Path elsewhere = tmp.resolve("elsewhere");
    elsewhere.toFile().mkdirs();
    Path workerConfig = DjConfigFile.forDatabase(pipeline).fileStore(STORE, elsewhere, Map.of()).defaultStore(STORE)
        .writeTo(tmp.resolve("worker-config"));
    writeConfig();

    // when
    GcCli.Result result;
    try (InProcessWorker worker = InProcessWorker.start("--dj-config=" + workerConfig,
        "--gc.work-dir=" + tmp.resolve("worker-work"), "--gc.codecs.gc_custom_object=schema",
        "--gc.remote.queue=" + queue)) {
      result = remoteReport();
    }

    // then: no report (an empty listing would have said "no orphans"); the run fails, restartable;
    // each partition refused before listing, naming both stores
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(result.out()).doesNotContain("\"orphans\"");
    Map<String, String> partitions = org.djgc.core.testing.BatchPartitions.exits(metadata.dataSource(),
        StoreState.lastExecution(metadata, STORE));
    String elsewherePlace = elsewhere.toRealPath().toString();
    assertThat(partitions).isNotEmpty().allSatisfy((name, exit) -> assertThat(exit)
        .startsWith("FAILED").contains("the manager planned", "but this process would scan", elsewherePlace));
  }

  @Test
  void aWorkerWhoseConfigurationPointsTheStoreAtACopyMovesNothingThere() throws Exception {
    // given: a copy of the store, which holds the same paths; the worker that scans is configured
    // right, the one that takes the moves names the copy
    Path copy = tmp.resolve("copy");
    try (var files = java.nio.file.Files.walk(storeRoot)) {
      for (Path source : files.toList()) {
        java.nio.file.Files.copy(source, copy.resolve(storeRoot.relativize(source).toString()));
      }
    }
    Map<String, Long> copied = StoreState.files(copy);
    Map<String, Long> original = StoreState.files(storeRoot);
    Path goodConfig = writeConfig();
    Path badConfig = DjConfigFile.forDatabase(pipeline).fileStore(STORE, copy, Map.of()).defaultStore(STORE)
        .writeTo(tmp.resolve("bad-config"));
    InProcessWorker[] workers = {worker(goodConfig, "good"), null};
    CrashPoints.onNextReach("quarantine.moveSlices.start", () -> {
      try {
        workers[0].close();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      workers[1] = worker(badConfig, "bad");
    });

    // when
    GcCli.Result result;
    try {
      result = job("quarantine", "--schema=" + A, "--remote-partitions=4", "--gc.remote.queue=" + queue,
          "--gc.remote.poll-interval=PT0.1S", "--gc.testing.clock-offset=P2D", "--gc.max-candidate-fraction=1");
    } finally {
      for (InProcessWorker worker : workers) {
        if (worker != null) {
          worker.close();
        }
      }
    }

    // then: every move partition refused before changing anything, naming both stores; neither
    // store lost a file, and no row was recorded
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED);
    Map<String, String> moves = org.djgc.core.testing.BatchPartitions.exits(metadata.dataSource(),
        StoreState.lastExecution(metadata, STORE), "moveSlice");
    String copyPlace = copy.toRealPath().toString();
    assertThat(moves).isNotEmpty().allSatisfy((name, exit) -> assertThat(exit).startsWith("FAILED")
        .contains("the manager judged the store", "but this process opens", copyPlace));
    assertThat(StoreState.files(copy)).isEqualTo(copied);
    assertThat(StoreState.files(storeRoot)).isEqualTo(original);
    assertThat(StoreState.ledger(metadata, STORE)).isEmpty();
  }

  @Test
  void noDestructiveRunStartsWhileAWorkerFinishesAChunkForAManagerThatIsGone() throws Exception {
    // given: a worker is inside a chunk of moves when its manager dies (here: fails at once after
    // sending, releasing its locks, as a killed manager's connections do)
    java.util.concurrent.CountDownLatch inChunk = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    CrashPoints.onNextReach("quarantine.afterLedgerInsert", () -> {
      inChunk.countDown();
      await(release);
    });
    CrashPoints.onNextReach("quarantine.moveSlices.sent", () -> {
      await(inChunk);
      throw new org.djgc.batch.support.SimulatedKill("quarantine.moveSlices.sent");
    });
    String[] quarantine = {"--schema=" + A, "--gc.testing.clock-offset=P2D", "--gc.max-candidate-fraction=1",
        "--gc.chunk-size=2"};
    Path config = writeConfig();
    try (InProcessWorker worker = worker(config, "w")) {
      GcCli.Result killed = job("quarantine", concat(quarantine, "--remote-partitions=4",
          "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.1S"));
      assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
      long first = StoreState.lastExecution(metadata, STORE);

      // when: a new quarantine, and a purge, start while the worker is still inside its chunk
      GcCli.Result during = job("quarantine", quarantine);
      GcCli.Result purge = job("purge", "--schema=" + A, "--gc.testing.clock-offset=P10D");

      // then: both refuse (exit 4) naming the partition; nothing of theirs ran
      for (GcCli.Result refused : java.util.List.of(during, purge)) {
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.LOCKED);
        assertThat(refused.err()).contains("quarantine.moveSlice:slice-", "of execution " + first,
            "still runs on a worker", "its manager is gone");
      }
      assertThat(StoreState.ledger(metadata, STORE).values()).contains("MOVING");

      // when: the worker's chunk ends, and the partition stops at its next lock check
      release.countDown();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (org.djgc.core.testing.BatchPartitions.statuses(metadata.dataSource(), first, "moveSlice")
          .containsValue("STARTED")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    GcCli.Result after = job("quarantine", quarantine);

    // then: the next run proceeds, and every orphan ends in the trash once
    assertThat(after.exitCode()).as(after.toString()).isEqualTo(ExitCode.OK);
    assertThat(StoreState.ledger(metadata, STORE)).hasSize(20).allSatisfy((path, state) -> assertThat(state)
        .isEqualTo("QUARANTINED"));
    assertThat(StoreState.trash(storeRoot)).hasSize(20);
  }

  @Test
  void aRestartFailsAPartitionAKilledWorkerLeftRunningAfterItsManagerEnded() throws Exception {
    // given: a remote report that failed (no worker took its partitions in time), one of whose
    // partitions is marked STARTED, as a worker that took it and was killed after the manager had
    // ended leaves it (nobody marks it failed: the manager is gone)
    GcCli.Result failed = remoteReport("--gc.remote.timeout=PT0.5S");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    long first = StoreState.lastExecution(metadata, STORE);
    var batch = new org.springframework.jdbc.core.JdbcTemplate(metadata.dataSource());
    long partition = batch.queryForObject("SELECT MIN(STEP_EXECUTION_ID) FROM datajoint_gc.BATCH_STEP_EXECUTION"
        + " WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE '%.scanSlice:%'", Long.class, first);
    batch.update("UPDATE datajoint_gc.BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING', END_TIME = NULL"
        + " WHERE STEP_EXECUTION_ID = ?", partition);
    String name = batch.queryForObject("SELECT STEP_NAME FROM datajoint_gc.BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?",
        String.class, partition);
    String[] restart = {"--restart=" + first, "--dj-config=" + writeConfig(), "--gc.work-dir=" + tmp.resolve("work"),
        "--gc.codecs.gc_custom_object=schema", "--gc.remote.queue=" + queue, "--gc.remote.poll-interval=PT0.1S"};

    // when: restarted while a process holds that partition's lock (its worker still runs it)
    GcCli.Result refused;
    try (var held = org.djgc.core.lock.StoreLock.tryAcquire(pipeline.dataSource(),
        org.djgc.batch.job.support.PartitionLocks.name(partition)).orElseThrow()) {
      refused = GcCli.run(restart);
    }

    // then: refused (exit 4) naming the partition; it stays as it was
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.LOCKED);
    assertThat(refused.err()).contains(name, "still runs on a worker");
    assertThat(org.djgc.core.testing.BatchPartitions.statuses(metadata.dataSource(), first)).containsEntry(name,
        "STARTED");

    // when: restarted once nobody holds it
    GcCli.Result restarted;
    try (InProcessWorker worker = worker(writeConfig(), "w")) {
      restarted = GcCli.run(restart);
    }

    // then: the abandoned partition is marked failed, and the restart scans what did not complete
    // and reports exactly what a whole run does
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    assertThat(org.djgc.core.testing.BatchPartitions.exits(metadata.dataSource(), first)).hasEntrySatisfying(name,
        exit -> assertThat(exit).startsWith("FAILED").contains("abandoned"));
    assertThat(ReportJson.parse(restarted.out()).orphans()).isEqualTo(cleanReport("--schema=" + A).orphans());
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      if (!latch.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String[] concat(String[] base, String... extra) {
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  private InProcessWorker worker(Path config, String name) {
    return InProcessWorker.start("--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("worker-" + name),
        "--gc.codecs.gc_custom_object=schema", "--gc.remote.queue=" + queue);
  }

  @Test
  void aManagerWaitsForBusyWorkersLongerThanItsTimeout() throws Exception {
    // given: each partition takes 1.5 s after its listing; partitions waiting for the one worker
    // thread see no change for longer than the 1 s timeout
    CrashPoints.onEveryReach("report.scanSlice.listed", () -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ReportJson whole = cleanReport("--schema=" + A);

    // when
    GcCli.Result result;
    try (InProcessWorker worker = InProcessWorker.start("--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("worker-work"), "--gc.codecs.gc_custom_object=schema",
        "--gc.remote.queue=" + queue, "--gc.partition-threads=1")) {
      result = remoteReport("--gc.remote.timeout=PT1S");
    }

    // then
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    assertThat(ReportJson.parse(result.out()).orphans()).isEqualTo(whole.orphans());
  }
}
