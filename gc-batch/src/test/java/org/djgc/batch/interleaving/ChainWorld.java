package org.djgc.batch.interleaving;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.SimulatedKill;
import org.djgc.batch.support.StoreState;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.DjFixture;
import org.djgc.core.testing.TestDatabase;

/**
 * One DataJoint pipeline and one store, driven by random action chains ({@link InterleavingChains}):
 * DataJoint's writers (inserts that upload or deduplicate, inserts that commit late, deletes), dj-gc
 * runs (plain, raced by a writer at a crash point, killed at a crash point and restarted, or overlapped
 * by a second run), and a simulated clock. After every action {@link #check()} holds the invariant
 * against the database and the store, and every action is written to a readable scenario.
 *
 * <p>Runs are in-process ({@link GcCli}); a kill is a {@link SimulatedKill} thrown at a crash point,
 * after which the execution is left {@code STARTED} in the job repository, as {@code kill -9} leaves it.
 *
 * <p>The assumption the protocol rests on (spec §9) is kept by the chain: no transaction stays open
 * longer than the grace period (clock advances are clamped while an insert is pending).
 */
final class ChainWorld implements AutoCloseable {
  /**
   * Chains of one JVM use their own schema and store name; {@code djgc.interleavings.lane} sets a
   * suffix so that a soak can run beside the other tests on the same server.
   */
  private static final String LANE = System.getProperty("djgc.interleavings.lane", "");
  static final String SCHEMA = "gct_chain" + LANE;
  static final String STORE = "chain" + LANE;
  static final String BLOBS = "blob_test";
  static final String OBJECTS = "object_test";
  static final String FOLDERS = "folder_test";
  /** Each table's one storage column. */
  private static final Map<String, String> COLUMNS = Map.of(BLOBS, "payload", OBJECTS, "file", FOLDERS, "folder");
  static final Duration GRACE = Duration.ofDays(7);
  /** The grace every run is given, the one the clock clamp keeps open inserts within. */
  private static final String GRACE_SETTING = "--gc.grace-seconds=" + GRACE.toSeconds();
  static final List<String> CONTENTS = List.of("alpha", "beta", "gamma", "delta");
  /** The gate that refuses to act on a snapshot without a single reference (spec §7): nothing moves. */
  private static final String ZERO_REFERENCES = "zero references found";
  /** Thousands of runs: only warnings are logged; the scenario tells the story. */
  private static final String QUIET = "--logging.level.root=WARN";
  /** Quarantine's crash points before {@code verifyReferences} takes its fresh snapshot. */
  private static final Set<String> BEFORE_VERIFY = Set.of("quarantine.selectCandidates.end",
      "quarantine.recoverInterrupted.end", "quarantine.afterLedgerInsert", "quarantine.afterMove",
      "quarantine.afterMark", "quarantine.moveToTrash.end", "quarantine.verifyReferences.start");
  static final Set<String> DESTRUCTIVE = Set.of("quarantine", "purge", "restore");
  /** Ledger states whose trash copy a restore or heal can still bring back. */
  private static final Set<String> RESTORABLE = Set.of("MOVING", "QUARANTINED", "RESTORING", "CONFLICT", "CHANGED");
  /** Ledger states that may own a file in the trash. */
  private static final Set<String> OWNS_TRASH = Set.of("MOVING", "QUARANTINED", "PURGING", "RESTORING", "CONFLICT",
      "CHANGED");

  /**
   * A committed row: its table, key, the path its JSON names, its commit's sequence number, and
   * whether it may lag its file (§9 cases (b), (c)): only a row whose writer did not upload (a dedup
   * insert) or whose transaction stayed open may reference a file a run moved to the trash; a row
   * committed right after its own upload references a file no snapshot ever showed unreferenced.
   */
  record Row(String table, int id, String path, long seq, boolean mayLag) {
    String key() {
      return table + ":" + id;
    }

    /** The stored files of the row: one, or a directory object's files and its manifest. */
    List<String> files() {
      return table.equals(FOLDERS) ? List.of(path + "/.zarray", path + "/0.0", path + ".manifest.json")
          : List.of(path);
    }
  }

  private record Pending(Connection transaction, String table, int id, String path, Duration begunAt) {}

  private record LedgerRow(long id, String original, String trash, String state) {}

  private final TestDatabase db = TestDatabase.get();
  private final ChainStore store;
  private final Path work;
  private Path config;
  private DjFixture tables;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private final Deque<Long> killed = new ArrayDeque<>();
  private final List<String> scenario = new ArrayList<>();
  private Duration offset = Duration.ZERO;
  private int nextId = 1;
  private long commits;
  /**
   * Rows committed up to this sequence number, by a writer racing a quarantine before its
   * {@code verifyReferences} took its snapshot, must be healed when that quarantine completes; -1
   * when no such race ran.
   */
  private long verifyHorizon = -1;
  /** A failure inside a run's hook: Spring Batch would swallow it as a step failure, so it is kept and rethrown. */
  private AssertionError deferred;

  ChainWorld(ChainStore store, Path work) {
    this.store = store;
    this.work = work;
    try {
      setUp();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void setUp() {
    db.execute("CREATE DATABASE IF NOT EXISTS datajoint_gc");
    if (tableExists("datajoint_gc", "gc_quarantine")) {
      db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
    }
    tables = new DjFixture(db, work.resolve("unused"), STORE);
    prepareTables();
    config = store.configure(DjConfigFile.forDatabase(db), STORE).defaultStore(STORE).writeTo(work.resolve("config"));
    seed();
  }

  /**
   * Empties the pipeline's tables, declaring them the first time. Chains of one lane reuse the
   * schema: a {@code DROP DATABASE} while another lane's discovery reads it (the default reference
   * scope reads every schema whose columns name an unknown store) would make that run fail closed
   * with a {@code READ_ERROR}, which is right for dj-gc but no race of this chain. {@link #dropSchema}
   * drops it when the chains are done.
   */
  private void prepareTables() {
    if (tableExists(SCHEMA, FOLDERS)) {
      db.execute("DELETE FROM `" + SCHEMA + "`.`" + BLOBS + "`", "DELETE FROM `" + SCHEMA + "`.`" + OBJECTS + "`",
          "DELETE FROM `" + SCHEMA + "`.`" + FOLDERS + "`");
      return;
    }
    db.recreateSchema(SCHEMA);
    tables.declareTable(SCHEMA, BLOBS, Map.of("payload", "<blob@" + STORE + ">"));
    tables.declareTable(SCHEMA, OBJECTS, Map.of("file", "<object@" + STORE + ">"));
    tables.declareTable(SCHEMA, FOLDERS, Map.of("folder", "<object@" + STORE + ">"));
  }

  /**
   * Drops the chains' schema and their ledger rows, unless {@code djgc.interleavings.keep-schema} is
   * set (a soak's batches keep it until the soak ends).
   */
  static void dropSchema() {
    if (!Boolean.getBoolean("djgc.interleavings.keep-schema")) {
      TestDatabase db = TestDatabase.get();
      db.dropSchemas(SCHEMA);
      db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
    }
  }

  /**
   * A pipeline two days old: every content, two objects and two folders inserted, then the rows of
   * two contents, one object and one folder deleted, so the first quarantine already finds orphans
   * old enough to move.
   */
  private void seed() {
    offset = Duration.ofDays(-2);
    for (int content = 0; content < CONTENTS.size(); content++) {
      insertBlob(content);
    }
    insertObject();
    insertObject();
    insertFolder();
    insertFolder();
    deleteRow(2);
    deleteRow(2);
    deleteRow(2);
    deleteRow(3);
    offset = Duration.ZERO;
    log("(seeded two days ago; now T+0)");
  }

  // ---------------------------------------------------------------------------------------------
  // DataJoint's writers

  /** A hash-addressed insert ({@code <blob@>}): uploads unless the path exists (dedup), then commits the row. */
  void insertBlob(int content) {
    int id = nextId++;
    String upload = putHash(content);
    commit(BLOBS, id, hashPath(content), hashJson(content), "insert " + BLOBS + " id " + id + " = '"
        + CONTENTS.get(content) + "' (" + upload + ")");
  }

  /**
   * The race two-phase GC exists for: a dedup insert of content whose file is stored but no row
   * references (an orphan a run may be moving); plain content when there is none.
   */
  void insertOrphanedBlob() {
    Set<String> referenced = new HashSet<>();
    rows.values().forEach(row -> referenced.add(row.path()));
    for (int content = 0; content < CONTENTS.size(); content++) {
      if (store.exists(hashPath(content)) && !referenced.contains(hashPath(content))) {
        insertBlob(content);
        return;
      }
    }
    insertBlob(0);
  }

  /** A schema-addressed insert ({@code <object@>}): uploads a new file, then commits the row. */
  void insertObject() {
    int id = nextId++;
    String path = objectPath(id);
    store.write(path, objectContent(id), writerTime());
    commit(OBJECTS, id, path, DjFixture.objectJson(path, STORE, objectContent(id).length, ".dat"),
        "insert " + OBJECTS + " id " + id + " (uploaded " + path + ")");
  }

  /** A directory object ({@code <object@>} with a folder): its files, then its manifest, then the row. */
  void insertFolder() {
    int id = nextId++;
    String path = folderPath(id);
    writeFolder(id, path);
    commit(FOLDERS, id, path, json(FOLDERS, id, 0), "insert " + FOLDERS + " id " + id + " (uploaded " + path
        + "/ and its manifest)");
  }

  /**
   * Starts an insert whose transaction commits later: the upload (or the dedup check) happens now,
   * the row is inserted in an open transaction. {@code content} -1 means an object, -2 a folder.
   */
  void beginInsert(int content) {
    int id = nextId++;
    String table = content == -1 ? OBJECTS : content == -2 ? FOLDERS : BLOBS;
    String path = content == -1 ? objectPath(id) : content == -2 ? folderPath(id) : hashPath(content);
    String upload;
    if (content == -1) {
      store.write(path, objectContent(id), writerTime());
      upload = "uploaded " + path;
    } else if (content == -2) {
      writeFolder(id, path);
      upload = "uploaded " + path + "/ and its manifest";
    } else {
      upload = putHash(content);
    }
    if (!store.keepsWriterTimes() && upload.startsWith("uploaded")) {
      // this store stamps uploads with the real time: an upload pending across a clock advance would
      // look old at once, which no real store does; commit it at once instead
      commit(table, id, path, json(table, id, content), "insert " + table + " id " + id + " (" + upload
          + "; committed at once: the store keeps no writer times)");
      return;
    }
    Connection transaction = null;
    try {
      transaction = db.dataSource().getConnection();
      try (Statement setup = transaction.createStatement()) {
        setup.execute("SET SESSION innodb_lock_wait_timeout = 10");
      }
      transaction.setAutoCommit(false);
      insertRow(transaction, table, id, json(table, id, content));
      pending.add(new Pending(transaction, table, id, path, offset));
      transaction = null;
      log("begin insert " + table + " id " + id + (content < 0 ? "" : " = '" + CONTENTS.get(content) + "'") + " ("
          + upload + "); its transaction stays open");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      if (transaction != null) {
        try {
          transaction.close();
        } catch (SQLException e) {
          // closing a connection that failed
        }
      }
    }
  }

  /** Commits the {@code k}-th open insert. */
  void commitPending(int k) {
    Pending p = pending.remove(Math.floorMod(k, pending.size()));
    try (Connection transaction = p.transaction()) {
      transaction.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Row row = new Row(p.table(), p.id(), p.path(), ++commits, true);
    rows.put(row.key(), row);
    log("commit insert " + p.table() + " id " + p.id() + " (begun " + hours(offset.minus(p.begunAt())) + " ago)");
  }

  /** Rolls back the {@code k}-th open insert: its upload stays, an orphan. */
  void rollbackPending(int k) {
    Pending p = pending.remove(Math.floorMod(k, pending.size()));
    try (Connection transaction = p.transaction()) {
      transaction.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    log("roll back insert " + p.table() + " id " + p.id() + " (" + p.path() + " stays, unreferenced)");
  }

  /** Deletes the {@code k}-th committed row; its file stays, as DataJoint leaves it. */
  void deleteRow(int k) {
    Row row = new ArrayList<>(rows.values()).get(Math.floorMod(k, rows.size()));
    db.execute("DELETE FROM `" + SCHEMA + "`.`" + row.table() + "` WHERE id = " + row.id());
    rows.remove(row.key());
    log("delete " + row.table() + " id " + row.id() + " (was " + row.path() + ")");
  }

  /** Lets time pass; clamped so that no open insert gets older than the grace period (the protocol's assumption). */
  void advance(long hours) {
    Duration wanted = Duration.ofHours(hours);
    Duration allowed = wanted;
    for (Pending p : pending) {
      Duration left = GRACE.minus(Duration.ofHours(1)).minus(offset.minus(p.begunAt()));
      if (left.compareTo(allowed) < 0) {
        allowed = left.isNegative() ? Duration.ZERO : left;
      }
    }
    offset = offset.plus(allowed);
    log("clock +" + hours(allowed) + (allowed.equals(wanted) ? "" : " (clamped from +" + hours(wanted)
        + ": an insert is open)") + ", now T+" + hours(offset));
  }

  /**
   * Upstream's collector (DataJoint's {@code gc.collect}), for {@link InvariantCheckTest} only: one
   * pass that deletes every stored file no committed row references, with no quarantine or grace.
   */
  void upstreamCollect() {
    Set<String> referenced = new HashSet<>();
    committedRows().forEach(row -> referenced.addAll(row.files()));
    List<String> deleted = new ArrayList<>();
    for (String prefix : List.of("_hash/", "_schema/")) {
      for (String path : store.list(prefix)) {
        if (!referenced.contains(path)) {
          store.delete(path);
          deleted.add(path);
        }
      }
    }
    log("upstream's one-pass collector deleted " + deleted);
  }

  /** Whether a path holds the bytes its writer wrote. */
  boolean isReadable(String path) {
    return readable(path);
  }

  static String hashPathOf(int content) {
    return hashPath(content);
  }

  int rowCount() {
    return rows.size();
  }

  int pendingCount() {
    return pending.size();
  }

  int killedCount() {
    return killed.size();
  }

  // ---------------------------------------------------------------------------------------------
  // dj-gc runs

  /** A run that must succeed; no row committed before it and readable then may be unreadable after it. */
  void run(String job, String... options) {
    runChecked(job, List.of(options), ExitCode.OK, "");
  }

  /** A run with a writer action at the {@code hit}-th reach of {@code point} (a race inside the run). */
  void racedRun(String job, String point, int hit, String what, Runnable writer) {
    AtomicBoolean fired = new AtomicBoolean();
    arm(point, hit, () -> {
      fired.set(true);
      log("  during " + job + ", at " + point + "#" + hit + ":");
      writer.run();
      if (job.equals("quarantine") && BEFORE_VERIFY.contains(point)) {
        verifyHorizon = commits;
      }
    });
    ChainStats.RACES.incrementAndGet();
    runChecked(job, List.of(), ExitCode.OK, " raced by '" + what + "' at " + point + "#" + hit);
    if (!fired.get()) {
      log("  (" + point + "#" + hit + " was not reached: no race)");
    }
  }

  /**
   * A second run started while the first is paused at a crash point: a destructive second run must
   * find the store locked.
   */
  void overlappedRun(String job, String point, String second) {
    AtomicBoolean fired = new AtomicBoolean();
    arm(point, 1, () -> {
      fired.set(true);
      ExitCode expected = DESTRUCTIVE.contains(second) ? ExitCode.LOCKED : ExitCode.OK;
      log("  during " + job + ", at " + point + ": a second process runs " + second);
      GcCli.Result result = inAnotherThread(() -> GcCli.run(arguments(second, second.equals("restore")
          ? List.of("--schema=" + SCHEMA) : List.of()).toArray(String[]::new)));
      log("    " + second + " exit " + result.exitCode().code());
      if (result.exitCode() != expected) {
        fail("a second " + second + " while " + job + " runs exited " + result.exitCode() + ", expected " + expected,
            result);
      }
    });
    ChainStats.OVERLAPS.incrementAndGet();
    runChecked(job, List.of(), ExitCode.OK, " overlapped by a second " + second + " at " + point);
    if (!fired.get()) {
      log("  (" + point + " was not reached: no overlap)");
    }
  }

  /**
   * Runs a second process's command on its own thread (a run's thread may hold a chunk transaction,
   * which Spring Batch refuses to nest a job in) while the first run waits at its crash point.
   */
  private static GcCli.Result inAnotherThread(java.util.function.Supplier<GcCli.Result> command) {
    java.util.concurrent.CompletableFuture<GcCli.Result> second = new java.util.concurrent.CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        second.complete(command.get());
      } catch (Throwable e) {
        second.completeExceptionally(e);
      }
    }, "second-process");
    thread.start();
    try {
      return second.get(120, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      thread.interrupt();
      throw new IllegalStateException("the second process did not finish: " + e, e);
    }
  }

  /**
   * A run killed at the {@code hit}-th reach of {@code point}: the execution is left {@code STARTED}
   * for a later {@link #restart}. A run that never reaches the point completes and must succeed.
   */
  void killedRun(String job, String point, int hit) {
    AtomicBoolean fired = new AtomicBoolean();
    arm(point, hit, () -> {
      fired.set(true);
      throw new SimulatedKill(point);
    });
    Snapshot before = snapshot();
    List<String> options = job.equals("restore") ? List.of("--schema=" + SCHEMA) : List.of();
    GcCli.Result result;
    try {
      result = GcCli.run(arguments(job, options).toArray(String[]::new));
    } catch (SimulatedKill e) {
      // killed in a step listener, where Spring Batch does not catch it: it left the run at once
      result = null;
    }
    CrashPoints.clearHooks();
    ChainStats.GC_RUNS.incrementAndGet();
    if (!fired.get()) {
      log(job + " (kill at " + point + "#" + hit + " not reached) exit " + result.exitCode().code());
      expect(job, result, ExitCode.OK, before.rows().isEmpty());
      afterRun(job, before, result);
      return;
    }
    if (result != null && result.exitCode() != ExitCode.FAILED) {
      fail(job + " killed at " + point + " exited " + result.exitCode() + ", expected FAILED", result);
    }
    long execution = StoreState.lastExecution(db, STORE);
    leaveAsKilled(execution);
    killed.push(execution);
    ChainStats.KILLS.incrementAndGet();
    log(job + " killed at " + point + "#" + hit + " (execution " + execution + " left STARTED)");
    assertStillReadable(job, before, false);
  }

  /** Restarts the {@code k}-th killed execution with {@code --restart}; it must succeed. */
  void restart(int k) {
    List<Long> ids = new ArrayList<>(killed);
    long execution = ids.get(Math.floorMod(k, ids.size()));
    killed.remove(execution);
    Snapshot before = snapshot();
    GcCli.Result result = GcCli.run("--restart=" + execution, "--format=json", "--dj-config=" + config,
        "--gc.work-dir=" + work.resolve("gc-work"), "--gc.testing.clock-offset=" + offset,
        "--gc.max-candidate-fraction=1", "--gc.chunk-size=2", GRACE_SETTING, QUIET);
    ChainStats.GC_RUNS.incrementAndGet();
    ChainStats.RESTARTS.incrementAndGet();
    log("restart execution " + execution + " exit " + result.exitCode().code());
    String job = jobOf(execution);
    ExitCode expected = ExitCode.OK;
    if (job.equals("restore") && result.exitCode() == ExitCode.OBJECT_ERRORS && onlyPurgedMeanwhile(result)) {
      // documented (MoveBackStep): a purge that ran before the restart took rows the killed restore
      // had selected but not reached; the restart restores what is left and names each purged file
      log("  (rows the restore selected were purged before its restart: named, nothing to restore)");
      expected = ExitCode.OBJECT_ERRORS;
    }
    expect("restart of " + execution, result, expected, before.rows().isEmpty());
    afterRun(job, before, result);
  }

  /**
   * Whether every per-object error of a restore is a row an interrupted purge already deleted the
   * trash copy of, and each such row is {@code PURGED} in the ledger.
   */
  private boolean onlyPurgedMeanwhile(GcCli.Result result) {
    try {
      com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(result.out());
      com.fasterxml.jackson.databind.JsonNode errors = report.path("errors");
      if (errors.size() == 0 || errors.size() != report.path("errors_total").asInt()) {
        return false;
      }
      Set<String> purged = new java.util.HashSet<>();
      ledger().stream().filter(r -> r.state().equals("PURGED")).forEach(r -> purged.add(r.original()));
      for (com.fasterxml.jackson.databind.JsonNode error : errors) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "PURGED (\\S+): an interrupted purge had already deleted \\S+; nothing to restore").matcher(error.asText());
        if (!m.matches() || !purged.contains(m.group(1))) {
          return false;
        }
      }
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Restores the {@code k}-th quarantined file by its path (an operator's restore). */
  void restoreOne(int k) {
    List<LedgerRow> quarantined = ledger().stream().filter(r -> r.state().equals("QUARANTINED")).toList();
    if (quarantined.isEmpty()) {
      log("restore: nothing is quarantined");
      return;
    }
    run("restore", "--path=" + quarantined.get(Math.floorMod(k, quarantined.size())).original());
  }

  private void runChecked(String job, List<String> options, ExitCode expected, String note) {
    Snapshot before = snapshot();
    GcCli.Result result = GcCli.run(arguments(job, options).toArray(String[]::new));
    ChainStats.GC_RUNS.incrementAndGet();
    log(job + String.join("", options.stream().map(o -> " " + o).toList()) + note + " exit "
        + result.exitCode().code());
    expect(job, result, expected, before.rows().isEmpty());
    afterRun(job, before, result);
  }

  private void afterRun(String job, Snapshot before, GcCli.Result result) {
    assertStillReadable(job, before, job.equals("purge"));
    if (job.equals("quarantine") && result.exitCode() == ExitCode.OK) {
      assertHealedByVerifyReferences(Math.max(before.commits(), verifyHorizon));
    }
    verifyHorizon = -1;
    if (job.equals("report")) {
      Set<String> orphans = ReportJson.parse(result.out()).orphanPaths();
      for (Row row : before.rows()) {
        if (row.files().stream().anyMatch(orphans::contains)) {
          fail("report lists " + row.path() + " as orphaned, but " + row.table() + " id " + row.id()
              + " (committed before the report started) references it", result);
        }
      }
    }
  }

  /** Launches so far; every third lists whole sections, the others in key ranges (issue 11). */
  private int launches;

  private List<String> arguments(String job, List<String> options) {
    List<String> all = new ArrayList<>(List.of("--job=" + job, "--store=" + STORE, "--format=json",
        "--dj-config=" + config, "--gc.work-dir=" + work.resolve("gc-work"), "--gc.testing.clock-offset=" + offset,
        "--gc.max-candidate-fraction=1", "--gc.chunk-size=2", GRACE_SETTING, QUIET,
        "--gc.partitions=" + List.of(1, 4, 16).get(launches++ % 3)));
    if (List.of("report", "quarantine", "purge").contains(job)) {
      all.add("--schema=" + SCHEMA);
    }
    all.addAll(options);
    return all;
  }

  private void expect(String what, GcCli.Result result, ExitCode expected) {
    expect(what, result, expected, false);
  }

  /** {@code noRows}: no row was committed when the run started, so gate G3 may refuse it. */
  private void expect(String what, GcCli.Result result, ExitCode expected, boolean noRows) {
    CrashPoints.clearHooks();
    if (deferred != null) {
      AssertionError failure = deferred;
      deferred = null;
      throw failure;
    }
    if (noRows && result.exitCode() == ExitCode.REFUSED && expected == ExitCode.OK
        && result.out().contains(ZERO_REFERENCES)) {
      log("  (refused by the zero-references gate: every row was gone at its snapshot)");
      return;
    }
    if (result.exitCode() != expected) {
      fail(what + " exited " + result.exitCode() + ", expected " + expected, result);
    }
  }

  /**
   * Arms a one-shot hook at the {@code hit}-th reach of a crash point. A failure inside it is kept
   * for {@link #expect}, which reports it instead of the run's exit code.
   */
  private void arm(String point, int hit, Runnable action) {
    AtomicInteger left = new AtomicInteger(hit);
    CrashPoints.onNextReach(point, new Runnable() {
      @Override
      public void run() {
        if (left.decrementAndGet() > 0) {
          CrashPoints.onNextReach(point, this);
          return;
        }
        try {
          action.run();
        } catch (AssertionError e) {
          deferred = e;
          throw e;
        } catch (RuntimeException e) {
          deferred = new AssertionError("the action at " + point + " failed: " + e, e);
          throw e;
        }
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the invariant

  /** What was true before a run: the rows committed so far and which of them were readable. */
  private record Snapshot(List<Row> rows, Set<String> readable, long commits) {}

  private Snapshot snapshot() {
    List<Row> committed = new ArrayList<>(rows.values());
    Set<String> readable = new HashSet<>();
    for (Row row : committed) {
      if (readable(row)) {
        readable.add(row.key());
      }
    }
    return new Snapshot(committed, readable, commits);
  }

  /**
   * No run makes a row unreadable that was committed before it started and readable then (a run
   * moves only what its snapshot shows unreferenced); after a completed purge every row committed
   * before it started is readable (the heal guarantee, spec §8.3).
   */
  private void assertStillReadable(String job, Snapshot before, boolean healsAll) {
    for (Row row : before.rows()) {
      if (!rows.containsKey(row.key()) || readable(row)) {
        continue;
      }
      if (before.readable().contains(row.key())) {
        fail(job + " made " + row.path() + " unreadable, though " + row.table() + " id " + row.id()
            + " was committed before the run started", null);
      }
      if (healsAll) {
        fail("purge completed, but " + row.path() + " of " + row.table() + " id " + row.id()
            + " (committed before the purge started) is still not at its path", null);
      }
    }
    check();
  }

  /**
   * After a completed quarantine, every row committed before its {@code verifyReferences} snapshot
   * (before it started, or by a writer racing it before that step) is readable: that step heals
   * every covered {@code QUARANTINED} file (§7.2). Files of an interrupted restore
   * ({@code RESTORING}) wait for the next purge's heal.
   */
  private void assertHealedByVerifyReferences(long committedThrough) {
    List<LedgerRow> ledger = ledger();
    for (Row row : rows.values()) {
      if (row.seq() > committedThrough) {
        continue;
      }
      for (String file : row.files()) {
        boolean waits = ledger.stream().anyMatch(l -> l.original().equals(file)
            && Set.of("RESTORING", "CONFLICT", "CHANGED").contains(l.state()));
        if (!readable(file) && !waits) {
          fail("quarantine completed, but " + file + " of " + row.table() + " id " + row.id()
              + " (committed before its verifyReferences) was not healed by it", null);
        }
      }
    }
  }

  /**
   * The invariant after every action: every committed row's file is readable at its path, or (inside
   * the documented window: a row that committed after the run that moved its file took its snapshot)
   * restorable from the trash; every trash file is owned by a ledger row that can still act on it;
   * every row that promises a trash copy has one.
   */
  void check() {
    List<LedgerRow> ledger = ledger();
    Set<String> trash = new HashSet<>(store.trashPaths());
    for (Row row : committedRows()) {
      for (String file : row.files()) {
        if (readable(file)) {
          continue;
        }
        if (!row.mayLag()) {
          fail(row.table() + " id " + row.id() + " was committed right after its own upload, yet its file " + file
              + " is not readable at its path", null);
        }
        boolean restorable = ledger.stream().anyMatch(l -> l.original().equals(file)
            && RESTORABLE.contains(l.state()) && trash.contains(l.trash()) && intact(file, l.trash()));
        if (!restorable) {
          fail(row.table() + " id " + row.id() + " references " + row.path() + ", whose file " + file
              + " is neither readable at its path nor restorable from the trash", null);
        }
      }
    }
    Map<String, LedgerRow> byTrash = new LinkedHashMap<>();
    ledger.forEach(l -> byTrash.merge(l.trash(), l, (a, b) -> OWNS_TRASH.contains(a.state()) ? a : b));
    for (String path : trash) {
      LedgerRow owner = byTrash.get(path);
      if (owner == null || !OWNS_TRASH.contains(owner.state())) {
        fail("trash file " + path + " is stranded: its ledger row is " + (owner == null ? "missing" : owner.state()),
            null);
      }
    }
    for (LedgerRow l : ledger) {
      if (Set.of("QUARANTINED", "CONFLICT", "CHANGED").contains(l.state()) && !trash.contains(l.trash())) {
        fail("ledger row " + l.id() + " (" + l.original() + ") is " + l.state() + " but its trash copy " + l.trash()
            + " is gone: nothing left to restore", null);
      }
    }
  }

  /** The committed rows as the database has them, matched to the model's commit order. */
  private List<Row> committedRows() {
    List<Row> found = new ArrayList<>();
    for (String table : List.of(BLOBS, OBJECTS, FOLDERS)) {
      String column = COLUMNS.get(table);
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT id, JSON_UNQUOTE(JSON_EXTRACT(`" + column + "`, '$.path')) FROM `"
              + SCHEMA + "`.`" + table + "`")) {
        while (r.next()) {
          Row model = rows.get(table + ":" + r.getInt(1));
          if (model == null || !model.path().equals(r.getString(2))) {
            fail("the database has " + table + " id " + r.getInt(1) + " the chain did not commit", null);
          }
          found.add(model);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    if (found.size() != rows.size()) {
      fail("the database has " + found.size() + " committed rows, the chain committed " + rows.size(), null);
    }
    return found;
  }

  /** Every file of the row is readable. */
  private boolean readable(Row row) {
    return row.files().stream().allMatch(this::readable);
  }

  /** The file is at its path with the bytes its writer wrote (a hash path: bytes that hash to its name). */
  private boolean readable(String path) {
    return store.read(path).filter(bytes -> matches(path, bytes)).isPresent();
  }

  private boolean intact(String original, String trashPath) {
    return store.read(trashPath).filter(bytes -> matches(original, bytes)).isPresent();
  }

  private static boolean matches(String path, byte[] bytes) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("_hash/")) {
      return HashPaths.computeHash(bytes).equals(name);
    }
    int id = Integer.parseInt(path.replaceAll(".*/id=(\\d+)/.*", "$1"));
    byte[] expected;
    if (path.contains("/" + FOLDERS + "/")) {
      expected = path.endsWith(".manifest.json") ? DjFixture.folderManifest(folderFiles(id))
          : folderFiles(id).get(name);
    } else {
      expected = objectContent(id);
    }
    return java.util.Arrays.equals(bytes, expected);
  }

  private List<LedgerRow> ledger() {
    List<LedgerRow> ledger = new ArrayList<>();
    if (!tableExists("datajoint_gc", "gc_quarantine")) {
      return ledger;
    }
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT id, original_path, trash_path, state FROM datajoint_gc.gc_quarantine WHERE store = ? ORDER BY id")) {
      s.setString(1, STORE);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ledger.add(new LedgerRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ledger;
  }

  /** How many ledger rows ended {@code PURGED} and healed, for the statistics. */
  void collectOutcomes() {
    for (LedgerRow row : ledger()) {
      if (row.state().equals("PURGED")) {
        ChainStats.PURGED.incrementAndGet();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private String putHash(int content) {
    String path = hashPath(content);
    if (store.exists(path)) {
      return "present: dedup, no upload";
    }
    store.write(path, bytes(CONTENTS.get(content)), writerTime());
    return "uploaded " + path;
  }

  private void commit(String table, int id, String path, String json, String what) {
    commit(table, id, path, json, what, what.contains("present: dedup"));
  }

  private void commit(String table, int id, String path, String json, String what, boolean mayLag) {
    try (Connection c = db.dataSource().getConnection()) {
      insertRow(c, table, id, json);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Row row = new Row(table, id, path, ++commits, mayLag);
    rows.put(row.key(), row);
    log(what);
  }

  private static void insertRow(Connection c, String table, int id, String json) throws SQLException {
    String column = COLUMNS.get(table);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO `" + SCHEMA + "`.`" + table + "` (id, `" + column
        + "`) VALUES (?, ?)")) {
      s.setInt(1, id);
      s.setString(2, json);
      s.executeUpdate();
    }
  }

  private String json(String table, int id, int content) {
    return switch (table) {
      case BLOBS -> hashJson(content);
      case FOLDERS -> DjFixture.folderJson(folderPath(id), STORE,
          folderFiles(id).values().stream().mapToLong(b -> b.length).sum(), folderFiles(id).size());
      default -> DjFixture.objectJson(objectPath(id), STORE, objectContent(id).length, ".dat");
    };
  }

  private String folderPath(int id) {
    return tables.objectPath(SCHEMA, FOLDERS, id, "folder", "fold" + String.format("%05d", id), null);
  }

  /** A directory object's files in DataJoint's order (a zarr-like array: metadata, one chunk). */
  private static Map<String, byte[]> folderFiles(int id) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(".zarray", bytes("{}"));
    files.put("0.0", bytes("chunk " + id));
    return files;
  }

  private void writeFolder(int id, String path) {
    folderFiles(id).forEach((name, content) -> store.write(path + "/" + name, content, writerTime()));
    store.write(path + ".manifest.json", DjFixture.folderManifest(folderFiles(id)), writerTime());
  }

  private static String hashJson(int content) {
    byte[] payload = bytes(CONTENTS.get(content));
    return DjFixture.hashJson(HashPaths.computeHash(payload), hashPath(content), SCHEMA, STORE, payload.length);
  }

  private static String hashPath(int content) {
    return HashPaths.buildHashPath(HashPaths.computeHash(bytes(CONTENTS.get(content))), SCHEMA, "_hash", List.of());
  }

  private String objectPath(int id) {
    return tables.objectPath(SCHEMA, OBJECTS, id, "file", "tok" + String.format("%05d", id), ".dat");
  }

  private static byte[] objectContent(int id) {
    return bytes("object " + id);
  }

  private Instant writerTime() {
    return Instant.now().plus(offset);
  }

  private String jobOf(long execution) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT i.JOB_NAME FROM datajoint_gc.BATCH_JOB_EXECUTION e JOIN"
            + " datajoint_gc.BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE e.JOB_EXECUTION_ID = "
            + execution)) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a killed process leaves in the job repository: the execution and its running step {@code STARTED}. */
  private void leaveAsKilled(long execution) {
    db.execute("UPDATE datajoint_gc.BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN',"
        + " EXIT_MESSAGE = '', END_TIME = NULL WHERE JOB_EXECUTION_ID = " + execution,
        "UPDATE datajoint_gc.BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING',"
        + " EXIT_MESSAGE = '', END_TIME = NULL WHERE JOB_EXECUTION_ID = " + execution
        + " AND STATUS IN ('FAILED', 'UNKNOWN', 'STOPPED')");
  }

  private boolean tableExists(String schema, String table) {
    try (Connection c = db.dataSource().getConnection();
        ResultSet r = c.getMetaData().getTables(schema, null, table, null)) {
      return r.next();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void log(String line) {
    scenario.add(line);
  }

  private void fail(String violation, GcCli.Result result) {
    StringBuilder text = new StringBuilder("INVARIANT VIOLATED: " + violation + "\nscenario (" + store.kind()
        + " store at " + store.describeRoot() + "):\n");
    for (int i = 0; i < scenario.size(); i++) {
      text.append(String.format("%3d. %s%n", i + 1, scenario.get(i)));
    }
    if (result != null) {
      text.append("--- last run\n").append(result);
    }
    throw new AssertionError(text.toString());
  }

  private static String hours(Duration d) {
    return d.toHours() % 24 == 0 && d.toHours() > 0 ? d.toDays() + "d" : d.toHours() + "h";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  String storeKind() {
    return store.kind();
  }

  /** The scenario so far, one action per line. */
  List<String> scenario() {
    return List.copyOf(scenario);
  }

  @Override
  public void close() {
    CrashPoints.clearHooks();
    for (Pending p : pending) {
      try (Connection transaction = p.transaction()) {
        transaction.rollback();
      } catch (SQLException e) {
        // the connection is gone already
      }
    }
    pending.clear();
    store.close();
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(work)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory: what is left is left
    }
  }
}
