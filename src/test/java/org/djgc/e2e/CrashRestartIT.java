package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and restart of the packaged jar, as under {@code kill -9}: each destructive job is halted
 * ({@code --gc.testing.crash-at}, {@code Runtime.halt(137)}: no shutdown hooks) at each of its
 * crash points, the killed execution is left {@code STARTED}, and {@code --restart=<id>} must prove
 * the old process gone, recover the execution and converge to exactly the state an uninterrupted
 * run reaches on an identical pipeline: the same files with the same bytes (trash run segments
 * aside) and the same ledger states per original path (spec §6.4, §7.1–7.3, §8.4).
 *
 * <p>Throughout, after every run, crashed or not: every live file is at its original path with its
 * bytes, no orphan's bytes are lost before purge may delete them, nothing outside the requested
 * sections and the trash is touched, and every trash file is tracked by a ledger row.
 *
 * <p>The reference lifecycle, at a shifted clock (files are written "now"): {@code quarantine} at
 * P2D (past the 24 h min-age) → {@code restore} of the {@code _schema/gce_a} files → {@code purge}
 * at P3D (inside the 7-day grace: a no-op) → a late writer references a quarantined hash again →
 * {@code purge} at P10D (heals it, deletes the rest). Chunks of 3 give several chunks per step.
 */
class CrashRestartIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String CHUNK = "--gc.chunk-size=3";
  /**
   * One storage call at a time, so that a halt at the n-th reach of a crash point leaves exactly n
   * objects done, as the exact convergence checks here expect; kills in the middle of concurrent
   * calls are {@code ConcurrentChunkKillTest}'s (gc-batch).
   */
  private static final String SEQUENTIAL = "--gc.storage-concurrency=1";
  private static final String RESTORE_GLOB = "_schema/" + CrashPipeline.A + "/**";

  @TempDir static Path tmp;
  private static CrashJar gcJar;
  private static CrashPipeline pipeline;
  /** Digest of every file as the pipeline wrote it. */
  private static Map<String, String> initial;
  private static CrashState afterQuarantine;
  private static CrashState afterRestore;
  private static CrashState afterPurge;

  /** The phases of the lifecycle; each knows its job's command line. */
  private enum Phase {
    QUARANTINE("quarantine", "P2D"),
    RESTORE("restore", "P2D"),
    PURGE_IN_GRACE("purge", "P3D"),
    PURGE("purge", "P10D");

    final String job;
    final String clockOffset;

    Phase(String job, String clockOffset) {
      this.job = job;
      this.clockOffset = clockOffset;
    }

    List<String> args() {
      List<String> args = new ArrayList<>(List.of("--job=" + job, "--store=" + CrashPipeline.STORE));
      if (this == RESTORE) {
        args.addAll(List.of("--schema=" + CrashPipeline.A, "--glob=" + RESTORE_GLOB));
      } else {
        args.add("--schema=" + CrashPipeline.SCHEMAS);
      }
      args.add("--gc.testing.clock-offset=" + clockOffset);
      return args;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The reference: one uninterrupted lifecycle, with its expected states checked exactly

  @BeforeAll
  static void uninterruptedReference() throws Exception {
    gcJar = CrashJar.copyInto(tmp);
    pipeline = new CrashPipeline(DB, tmp.resolve("store"), tmp.resolve("project"));
    pipeline.rebuild();
    initial = CrashState.rawFiles(pipeline.storeRoot());
    assertInvariants(Set.of());

    ok(Phase.QUARANTINE);
    afterQuarantine = state();
    Map<String, String> expectedLedger = new TreeMap<>();
    pipeline.orphans().forEach(p -> expectedLedger.put(p, "QUARANTINED"));
    assertThat(afterQuarantine.ledger()).isEqualTo(expectedLedger);
    Map<String, String> expectedFiles = new TreeMap<>();
    initial.forEach((path, digest) -> expectedFiles.put(
        pipeline.orphans().contains(path) ? "_trash/<run>/" + path : path, digest));
    assertThat(afterQuarantine.files()).isEqualTo(expectedFiles);

    ok(Phase.RESTORE);
    afterRestore = state();
    Set<String> restored = restoredByOperator();
    assertThat(restored).hasSize(8).allMatch(p -> p.startsWith("_schema/" + CrashPipeline.A + "/"));
    restored.forEach(p -> expectedLedger.put(p, "RESTORED/OPERATOR"));
    assertThat(afterRestore.ledger()).isEqualTo(expectedLedger);
    restored.forEach(p -> {
      expectedFiles.remove("_trash/<run>/" + p);
      expectedFiles.put(p, initial.get(p));
    });
    assertThat(afterRestore.files()).isEqualTo(expectedFiles);

    ok(Phase.PURGE_IN_GRACE);
    assertThat(state()).as("a purge inside grace changes nothing").isEqualTo(afterRestore);

    pipeline.referenceAgain();
    ok(Phase.PURGE);
    pipeline.lateReferenceHealed();
    afterPurge = state();
    String healed = pipeline.lateReferencePath();
    expectedLedger.replaceAll((p, s) -> s.equals("QUARANTINED") ? "PURGED" : s);
    expectedLedger.put(healed, "RESTORED/HEALED");
    assertThat(afterPurge.ledger()).isEqualTo(expectedLedger);
    expectedFiles.keySet().removeIf(p -> p.startsWith("_trash/"));
    expectedFiles.put(healed, initial.get(healed));
    assertThat(afterPurge.files()).isEqualTo(expectedFiles);
    assertThat(afterPurge.ledger().values()).filteredOn("PURGED"::equals).hasSize(5);
  }

  @AfterAll
  static void dropPipeline() {
    if (pipeline != null) {
      pipeline.clear();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // quarantine
  //
  // These two caught a real defect: a restarted quarantine selected files the killed run left MOVING,
  // recovery moved them, and the mover recorded them a second time. Paths with MOVING rows before
  // recovery now belong to recovery alone (RecoverInterruptedTasklet.PENDING_MOVES).

  @Test
  void quarantineKilledAfterTheLedgerInsertConverges() throws Exception {
    pipeline.rebuild();

    long killed = crash(Phase.QUARANTINE, "quarantine.afterLedgerInsert");

    // the first chunk's rows are MOVING, committed before anything moved
    assertThat(states()).containsOnlyKeys("MOVING");
    assertThat(states().get("MOVING")).isGreaterThanOrEqualTo(3);
    assertThat(CrashState.rawFiles(pipeline.storeRoot())).isEqualTo(initial);

    restart(killed, Phase.QUARANTINE);
    assertThat(state()).isEqualTo(afterQuarantine);
  }

  @Test
  void quarantineKilledAfterAMoveInALaterChunkConverges() throws Exception {
    pipeline.rebuild();

    long killed = crash(Phase.QUARANTINE, "quarantine.afterMove:5");

    // five files moved; the first chunk (three hash files) is committed QUARANTINED, and the file
    // moved last is in the trash with its row still MOVING
    assertThat(CrashState.rawFiles(pipeline.storeRoot()).keySet()).filteredOn(p -> p.startsWith("_trash/"))
        .hasSize(5);
    assertThat(states().get("QUARANTINED")).isBetween(3, 4);
    List<CrashState.Row> moving = rows("MOVING");
    assertThat(moving).anyMatch(r -> trashExists(r) && !originalExists(r));

    restart(killed, Phase.QUARANTINE);
    assertThat(state()).isEqualTo(afterQuarantine);
  }

  @Test
  void quarantineKilledAfterMarkingTheSecondChunkConverges() throws Exception {
    pipeline.rebuild();

    long killed = crash(Phase.QUARANTINE, "quarantine.afterMark:2");

    // the first two chunks' marks are committed; no row is left half-moved
    assertThat(states().get("QUARANTINED")).isGreaterThanOrEqualTo(2);
    assertThat(rows("MOVING")).allMatch(r -> !trashExists(r) && originalExists(r));

    restart(killed, Phase.QUARANTINE);
    assertThat(state()).isEqualTo(afterQuarantine);
  }

  // ---------------------------------------------------------------------------------------------
  // purge

  @Test
  void purgeKilledAfterMarkingPurgingConverges() throws Exception {
    readyToPurge();

    long killed = crash(Phase.PURGE, "purge.afterMarkPurging:2");

    // chunk 1 purged; chunk 2 marked PURGING with its trash copies still there
    assertThat(states().get("PURGED")).isEqualTo(3);
    List<CrashState.Row> purging = rows("PURGING");
    assertThat(purging).isNotEmpty().allMatch(CrashRestartIT::trashExists);
    assertThat(rows("RESTORED")).anyMatch(r -> r.originalPath().equals(pipeline.lateReferencePath()));

    restart(killed, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  @Test
  void purgeKilledAfterTheFirstDeleteConverges() throws Exception {
    readyToPurge();

    long killed = crash(Phase.PURGE, "purge.afterDelete");

    List<CrashState.Row> purging = rows("PURGING");
    assertThat(purging.stream().filter(r -> !trashExists(r)).count()).isEqualTo(1);
    assertThat(states()).doesNotContainKey("PURGED");

    restart(killed, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  @Test
  void purgeKilledAfterADeleteInALaterChunkConverges() throws Exception {
    readyToPurge();

    long killed = crash(Phase.PURGE, "purge.afterDelete:4");

    assertThat(states().get("PURGED")).isEqualTo(3);
    assertThat(rows("PURGING").stream().filter(r -> !trashExists(r)).count()).isEqualTo(1);

    restart(killed, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  @Test
  void purgeKilledAgainWhileRestartingConvergesOnTheSecondRestart() throws Exception {
    readyToPurge();
    long first = crash(Phase.PURGE, "purge.afterMarkPurging:2");

    long second = crashRestart(first, Phase.PURGE, "purge.afterDelete");
    assertThat(second).isGreaterThan(first);
    assertThat(rows("PURGING").stream().filter(r -> !trashExists(r)).count()).isEqualTo(1);

    restart(second, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  @Test
  void purgeKilledAfterMarkingPurgingLeavesRowsAnOperatorRestores() throws Exception {
    readyToPurge();
    long killed = crash(Phase.PURGE, "purge.afterMarkPurging:2");
    List<CrashState.Row> purging = rows("PURGING");
    assertThat(purging).isNotEmpty().allMatch(CrashRestartIT::trashExists);

    // the operator restores before the killed purge is restarted
    GcJar.Result restore = jar(new ArrayList<>(List.of("--job=restore", "--store=" + CrashPipeline.STORE,
        "--schema=" + CrashPipeline.SCHEMAS, "--glob=**", "--gc.testing.clock-offset=P10D")));
    assertThat(restore.exitCode()).as("restore: " + restore).isZero();
    // it logs its progress as purge does, ending with every selected row
    assertThat(restore.err()).containsPattern("Restoring from trash \\(done\\): (\\d+)/\\1 objects, \\d+ bytes");
    afterRun(Phase.PURGE); // the killed purge's first chunk is gone
    Map<String, String> files = CrashState.rawFiles(pipeline.storeRoot());
    for (CrashState.Row row : purging) {
      assertThat(files.get(row.originalPath())).as(row.originalPath()).isEqualTo(initial.get(row.originalPath()));
    }

    // and the restarted purge deletes none of them
    restart(killed, Phase.PURGE);
    files = CrashState.rawFiles(pipeline.storeRoot());
    Map<String, String> ledger = CrashState.ledger(DB);
    for (CrashState.Row row : purging) {
      assertThat(files.get(row.originalPath())).as(row.originalPath()).isEqualTo(initial.get(row.originalPath()));
      assertThat(ledger.get(row.originalPath())).as(row.originalPath()).isEqualTo("RESTORED/OPERATOR");
    }
    assertThat(files.keySet()).noneMatch(p -> p.startsWith("_trash/"));
  }

  // ---------------------------------------------------------------------------------------------
  // restore

  @Test
  void restoreKilledAfterTheFirstRestoreConverges() throws Exception {
    readyToRestore();

    long killed = crash(Phase.RESTORE, "restore.afterRestore");

    assertThat(restoredByOperator()).hasSize(1);

    restart(killed, Phase.RESTORE);
    assertThat(state()).isEqualTo(afterRestore);
  }

  @Test
  void restoreKilledInALaterChunkConverges() throws Exception {
    readyToRestore();

    long killed = crash(Phase.RESTORE, "restore.afterRestore:5");

    assertThat(restoredByOperator()).hasSize(5);

    restart(killed, Phase.RESTORE);
    assertThat(state()).isEqualTo(afterRestore);
  }

  // ---------------------------------------------------------------------------------------------
  // locks

  @Test
  void restartingAnExecutionWhoseProcessStillHoldsItsLockIsRefused() throws Exception {
    readyToPurge();
    long killed = crash(Phase.PURGE, "purge.afterDelete:4");
    CrashState before = state();
    long executions = executionCount();

    // the "old process" is alive: something holds djgc-exec-<id>
    try (Connection holder = DB.dataSource().getConnection()) {
      assertThat(getLock(holder, "djgc-exec-" + killed)).isTrue();

      GcJar.Result refused = jar(restartArgs(killed, Phase.PURGE));

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err()).contains("djgc-exec-" + killed);
      assertThat(state()).isEqualTo(before);
      assertThat(status(killed)).isEqualTo("STARTED");
      assertThat(executionCount()).isEqualTo(executions);
      afterRun(Phase.PURGE);
    }

    // once the holder is gone, the restart proceeds and converges
    restart(killed, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  @Test
  void aRunHoldingTheStoreLockBlocksEveryDestructiveRunOnTheStore() throws Exception {
    pipeline.rebuild();
    String lockName = storeLockName(pipeline.describe());
    long executions = executionCount();

    try (Connection holder = DB.dataSource().getConnection()) {
      assertThat(getLock(holder, lockName)).isTrue();
      for (Phase phase : List.of(Phase.QUARANTINE, Phase.PURGE, Phase.RESTORE)) {
        GcJar.Result refused = run(phase);
        assertThat(refused.exitCode()).as(phase + ": " + refused).isEqualTo(4);
        assertThat(refused.err()).contains(lockName);
        assertThat(CrashState.ledger(DB)).isEmpty();
        assertThat(CrashState.rawFiles(pipeline.storeRoot())).isEqualTo(initial);
      }
      assertThat(executionCount()).as("the lock is taken before any execution is created").isEqualTo(executions);
    }

    ok(Phase.QUARANTINE);
    assertThat(state()).isEqualTo(afterQuarantine);
    try (Connection holder = DB.dataSource().getConnection()) {
      assertThat(getLock(holder, lockName)).isTrue();
      for (Phase phase : List.of(Phase.QUARANTINE, Phase.PURGE, Phase.RESTORE)) {
        GcJar.Result refused = run(phase);
        assertThat(refused.exitCode()).as(phase + ": " + refused).isEqualTo(4);
        assertThat(state()).isEqualTo(afterQuarantine);
      }
    }
  }

  @Test
  void restartingAKilledRunWhileAnotherRunHoldsTheStoreLockIsRefused() throws Exception {
    readyToPurge();
    long killed = crash(Phase.PURGE, "purge.afterMarkPurging:2");
    CrashState before = state();
    long executions = executionCount();
    String lockName = storeLockName(pipeline.describe());

    try (Connection holder = DB.dataSource().getConnection()) {
      assertThat(getLock(holder, lockName)).isTrue();

      GcJar.Result refused = jar(restartArgs(killed, Phase.PURGE));

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err()).contains(lockName);
      assertThat(state()).isEqualTo(before);
      assertThat(executionCount()).as("no new execution").isEqualTo(executions);
      afterRun(Phase.PURGE);
    }

    restart(killed, Phase.PURGE);
    assertThat(state()).isEqualTo(afterPurge);
  }

  // ---------------------------------------------------------------------------------------------
  // lifecycle steps shared by the tests

  /** Fresh pipeline, quarantined and partly restored, and the late writer's row committed. */
  private static void readyToPurge() throws Exception {
    readyToRestore();
    ok(Phase.RESTORE);
    assertThat(state()).isEqualTo(afterRestore);
    pipeline.referenceAgain();
  }

  /** Fresh pipeline, quarantined. */
  private static void readyToRestore() throws Exception {
    pipeline.rebuild();
    ok(Phase.QUARANTINE);
    assertThat(state()).isEqualTo(afterQuarantine);
  }

  private static GcJar.Result run(Phase phase, String... extra) throws Exception {
    List<String> args = phase.args();
    args.addAll(Arrays.asList(extra));
    return jar(args);
  }

  private static void ok(Phase phase) throws Exception {
    GcJar.Result result = run(phase);
    assertThat(result.exitCode()).as(phase + ": " + result).isZero();
    afterRun(phase);
  }

  /** Runs the phase with a crash point; asserts the halt; returns the killed (STARTED) execution. */
  private static long crash(Phase phase, String point) throws Exception {
    GcJar.Result result = run(phase, "--gc.testing.crash-at=" + point);
    return killed(phase, point, result);
  }

  /** Restarts {@code id} with a crash point; asserts the halt; returns the new killed execution. */
  private static long crashRestart(long id, Phase phase, String point) throws Exception {
    List<String> args = restartArgs(id, phase);
    args.add("--gc.testing.crash-at=" + point);
    return killed(phase, point, jar(args));
  }

  private static long killed(Phase phase, String point, GcJar.Result result) throws Exception {
    assertThat(result.exitCode()).as(point + ": " + result).isEqualTo(137);
    String reached = point.contains(":") ? point : point + ":1";
    assertThat(result.err()).contains("gc.testing.crash-at=" + reached + " reached; halting");
    long[] last = lastExecution(phase.job);
    assertThat(last).as("an execution of " + phase.job).isNotNull();
    assertThat(status(last[0])).as("the killed execution is left STARTED").isEqualTo("STARTED");
    afterRun(phase);
    return last[0];
  }

  /** {@code --restart=<id>} with the same config and clock; asserts exit 0 and a completed execution. */
  private static void restart(long id, Phase phase) throws Exception {
    GcJar.Result result = jar(restartArgs(id, phase));
    assertThat(result.exitCode()).as("restart of " + id + ": " + result).isZero();
    long[] last = lastExecution(phase.job);
    assertThat(last[0]).isGreaterThan(id);
    assertThat(status(last[0])).isEqualTo("COMPLETED");
    assertThat(status(id)).isNotEqualTo("STARTED");
    afterRun(phase);
  }

  private static List<String> restartArgs(long id, Phase phase) {
    return new ArrayList<>(List.of("--restart=" + id, "--gc.testing.clock-offset=" + phase.clockOffset));
  }

  private static GcJar.Result jar(List<String> args) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--dj-config=" + pipeline.configFile(), "--gc.work-dir=" + tmp.resolve("work"), CHUNK, SEQUENTIAL));
    return gcJar.run(tmp, all.toArray(String[]::new));
  }

  private static void afterRun(Phase phase) {
    Set<String> mayBeDeleted = new TreeSet<>();
    if (phase == Phase.PURGE) {
      for (CrashState.Row row : CrashState.rows(DB)) {
        if (row.state().equals("PURGING") || row.state().equals("PURGED")) {
          mayBeDeleted.add(row.originalPath());
        }
      }
    }
    assertInvariants(mayBeDeleted);
  }

  // ---------------------------------------------------------------------------------------------
  // invariants

  /**
   * After every run, crashed or not: live files intact at their original paths; every orphan's bytes
   * at its original path or in the trash (unless purge may have deleted it); files outside the
   * requested sections and the trash untouched; every trash file tracked by a ledger row in a state
   * that agrees with the store.
   */
  private static void assertInvariants(Set<String> mayBeDeleted) {
    Map<String, String> files = CrashState.rawFiles(pipeline.storeRoot());
    for (String live : pipeline.live()) {
      assertThat(files.get(live)).as("live file " + live).isEqualTo(initial.get(live));
    }
    for (String orphan : pipeline.orphans()) {
      boolean kept = initial.get(orphan).equals(files.get(orphan)) || files.entrySet().stream().anyMatch(
          e -> e.getKey().startsWith("_trash/") && e.getKey().endsWith("/" + orphan)
              && e.getValue().equals(initial.get(orphan)));
      assertThat(kept || mayBeDeleted.contains(orphan)).as("the bytes of orphan " + orphan + " survive").isTrue();
    }
    Map<String, String> outside = new TreeMap<>();
    files.forEach((path, digest) -> {
      if (!path.startsWith("_trash/") && !inRequestedSection(path)) {
        outside.put(path, digest);
      }
    });
    Map<String, String> expectedOutside = new TreeMap<>();
    pipeline.outside().forEach((path, bytes) -> expectedOutside.put(path, CrashState.digest(bytes)));
    assertThat(outside).as("files outside the requested sections and the trash").isEqualTo(expectedOutside);
    Set<String> unexpected = new TreeSet<>(files.keySet());
    unexpected.removeAll(initial.keySet());
    unexpected.removeIf(p -> p.startsWith("_trash/"));
    assertThat(unexpected).as("no file appears outside the trash").isEmpty();

    List<CrashState.Row> rows = CrashState.rows(DB);
    Set<String> tracked = new TreeSet<>();
    for (CrashState.Row row : rows) {
      tracked.add(row.trashPath());
      boolean trash = files.containsKey(row.trashPath());
      boolean original = files.containsKey(row.originalPath());
      String what = row.state() + " row " + row.originalPath() + " (trash " + trash + ", original " + original + ")";
      switch (row.state()) {
        case "MOVING" -> assertThat(trash || original).as(what).isTrue();
        case "QUARANTINED" -> assertThat(trash && !original).as(what).isTrue();
        case "PURGING" -> assertThat(!original).as(what).isTrue();
        case "PURGED" -> assertThat(!trash && !original).as(what).isTrue();
        case "RESTORING" -> assertThat(trash || original).as(what).isTrue();
        case "RESTORED" -> assertThat(!trash && original).as(what).isTrue();
        default -> throw new AssertionError("unexpected " + what + ", error: " + row.error());
      }
    }
    for (String path : files.keySet()) {
      if (path.startsWith("_trash/")) {
        assertThat(tracked).as("trash file " + path + " is tracked by the ledger").contains(path);
      }
    }
  }

  private static boolean inRequestedSection(String path) {
    for (String schema : List.of(CrashPipeline.A, CrashPipeline.B)) {
      if (path.startsWith("_hash/" + schema + "/") || path.startsWith("_schema/" + schema + "/")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // queries

  private static CrashState state() {
    return CrashState.of(DB, pipeline.storeRoot());
  }

  /** Ledger rows per state. */
  private static Map<String, Integer> states() {
    Map<String, Integer> counts = new TreeMap<>();
    CrashState.rows(DB).forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    return counts;
  }

  private static List<CrashState.Row> rows(String state) {
    return CrashState.rows(DB).stream().filter(r -> r.state().equals(state)).toList();
  }

  private static Set<String> restoredByOperator() {
    Set<String> paths = new TreeSet<>();
    CrashState.rows(DB).stream().filter(r -> r.state().equals("RESTORED") && "OPERATOR".equals(r.restoreReason()))
        .forEach(r -> paths.add(r.originalPath()));
    return paths;
  }

  private static boolean trashExists(CrashState.Row row) {
    return java.nio.file.Files.exists(pipeline.storeRoot().resolve(row.trashPath()));
  }

  private static boolean originalExists(CrashState.Row row) {
    return java.nio.file.Files.exists(pipeline.storeRoot().resolve(row.originalPath()));
  }

  /** The newest execution of {@code job} on store crash: {id}, or null. */
  private static long[] lastExecution(String job) throws SQLException {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT e.JOB_EXECUTION_ID"
            + " FROM datajoint_gc.BATCH_JOB_EXECUTION e"
            + " JOIN datajoint_gc.BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID"
            + " JOIN datajoint_gc.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
            + " WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = 'store' AND p.PARAMETER_VALUE = ?"
            + " ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1")) {
      s.setString(1, job);
      s.setString(2, CrashPipeline.STORE);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new long[] {r.getLong(1)} : null;
      }
    }
  }

  /** Executions of any job on store crash. */
  private static long executionCount() throws SQLException {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT COUNT(DISTINCT e.JOB_EXECUTION_ID)"
            + " FROM datajoint_gc.BATCH_JOB_EXECUTION e"
            + " JOIN datajoint_gc.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
            + " WHERE p.PARAMETER_NAME = 'store' AND p.PARAMETER_VALUE = ?")) {
      s.setString(1, CrashPipeline.STORE);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String status(long id) throws SQLException {
    try (Connection connection = DB.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement(
            "SELECT STATUS FROM datajoint_gc.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : "missing";
      }
    }
  }

  private static boolean getLock(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  /** Spec §8.2: {@code djgc-store-} + the first 40 hex chars of SHA-256 of the store's identity. */
  private static String storeLockName(String describe) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(describe.getBytes(StandardCharsets.UTF_8));
    return "djgc-store-" + HexFormat.of().formatHex(sha).substring(0, 40);
  }
}
