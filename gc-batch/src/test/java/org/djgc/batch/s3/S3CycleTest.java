package org.djgc.batch.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djgc.batch.s3.S3Fixture.bytes;
import static org.djgc.batch.s3.S3Fixture.pathOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.StoreState;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.testing.TestDatabase;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole garbage-collection cycle on an S3 store ({@code protocol: s3}) served by an in-process
 * S3Proxy, through the command line as operators run it ({@code --dj-config}, {@code
 * --format=json}), with the clock shifted past the minimum age ({@code P2D}), inside grace ({@code
 * P3D}) and past grace ({@code P10D}). The bucket is named like a schema and the store has a
 * non-empty location, so every key is {@code dj/store/{path}} and the trash is {@code
 * dj/store/_trash/{run}/{path}}. Every run's stdout, stderr and log lines are checked for the
 * store's credentials.
 */
public class S3CycleTest {
  private static final String A = "gcs3_a";
  private static final String B = "gcs3_b";
  /**
   * A schema named like the bucket. S3 bucket names cannot contain '_' (the SDK refuses them, as
   * boto3 and AWS do), so this third schema has none.
   */
  private static final String C = "gcs3c";
  private static final String STORE = "s3main";
  private static final String BUCKET = C;
  private static final String LOCATION = "dj/store";
  private static final String ACCESS_KEY = "AKIDGCS3CYCLEACCESS";
  private static final String SECRET_KEY = "gcS3CycleSecret/7a6b5c4d3e2f1g";
  private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("\\d{8}T\\d{6}Z-\\d+");

  static {
    for (String name : List.of("org.gaul", "org.apache.hc", "software.amazon.awssdk", "io.netty")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @RegisterExtension
  final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();

  private final TestDatabase db = TestDatabase.get();
  @TempDir Path tmp;
  private S3Client admin;
  private S3Fixture fx;
  private Path config;
  /** Everything every run printed or logged, for the credential check. */
  private final List<String> transcripts = new ArrayList<>();

  private Set<String> orphans;
  private Set<String> live;
  private String blobOrphan;
  private String dedupOrphan;
  private String fileOrphan;
  private String npyOrphan;
  private String folderUnit;
  private String orphanOfB;
  private String orphanOfC;
  private String sharedBlob;

  @BeforeEach
  void setUp() {
    admin = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    db.recreateSchema(A);
    db.recreateSchema(B);
    db.recreateSchema(C);
    db.execute("CREATE DATABASE IF NOT EXISTS datajoint_gc");
    if (ledgerExists()) {
      db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
    }
    fx = new S3Fixture(db, admin, BUCKET, LOCATION, STORE);
    config = S3DjConfig.write(tmp.resolve("config"), db, STORE,
        S3DjConfig.storeSpec(s3proxy.getUri(), BUCKET, LOCATION, ACCESS_KEY, SECRET_KEY));
  }

  @AfterEach
  void tearDown() {
    try {
      assertThat(transcripts).as("runs").isNotEmpty().allSatisfy(text ->
          assertThat(text).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY));
      // the check covers log lines too: they were captured
      assertThat(transcripts).allSatisfy(text -> assertThat(text).contains("--- logs\n").contains("Starting job"));
    } finally {
      if (admin != null) {
        admin.close();
      }
      db.dropSchemas(A, B, C);
    }
  }

  private boolean ledgerExists() {
    try (var connection = db.dataSource().getConnection();
        var tables = connection.getMetaData().getTables("datajoint_gc", null, "gc_quarantine", null)) {
      return tables.next();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the pipeline

  /**
   * {@code <blob@s3main>} with dedup (two rows sharing a payload, one deleted: still live; two rows
   * sharing another, both deleted: one orphan), {@code <object@s3main>} file and folder (with its
   * {@code .manifest.json}), {@code <npy@s3main>}, and a second schema; row 1 of each table deleted.
   */
  private void pipeline() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@s3main>"));
    fx.declareTable(A, "object_test", Map.of("file", "<object@s3main>", "folder", "<object@s3main>"));
    fx.declareTable(A, "npy_test", Map.of("arr", "<npy@s3main>"));
    fx.declareTable(B, "blob_b", Map.of("payload", "<blob@s3main>"));
    fx.declareTable(C, "blob_c", Map.of("payload", "<blob@s3main>"));
    orphans = new TreeSet<>();
    live = new TreeSet<>();

    String blob1 = fx.putHash(A, bytes("blob 1"));
    fx.insert(A, "blob_test", 1, Map.of("payload", blob1));
    blobOrphan = pathOf(blob1);
    String shared2 = fx.putHash(A, bytes("shared blob"));
    fx.insert(A, "blob_test", 2, Map.of("payload", shared2));
    String shared3 = fx.putHash(A, bytes("shared blob")); // dedup: already stored, not uploaded again
    fx.insert(A, "blob_test", 3, Map.of("payload", shared3));
    sharedBlob = pathOf(shared3);
    String dedup4 = fx.putHash(A, bytes("deduplicated, then both rows deleted"));
    fx.insert(A, "blob_test", 4, Map.of("payload", dedup4));
    fx.insert(A, "blob_test", 5, Map.of("payload", fx.putHash(A, bytes("deduplicated, then both rows deleted"))));
    dedupOrphan = pathOf(dedup4);

    for (int id = 1; id <= 3; id++) { // rows 2 and 3 stay: orphans must be under half the files (gate G4)
      String file = fx.putObject(A, "object_test", id, "file", "tok0000" + id, ".dat", bytes("file " + id));
      Map<String, byte[]> chunks = new LinkedHashMap<>();
      chunks.put(".zarray", bytes("{}"));
      chunks.put("0.0", bytes("chunk " + id));
      String folder = fx.putFolder(A, "object_test", id, "folder", "fold000" + id, chunks);
      fx.insert(A, "object_test", id, Map.of("file", file, "folder", folder));
      String npy = fx.putNpy(A, "npy_test", id, "arr", "arr0000" + id, new byte[16]);
      fx.insert(A, "npy_test", id, Map.of("arr", npy));
      String dir = pathOf(folder);
      Set<String> files = Set.of(pathOf(file), pathOf(npy), dir + "/.zarray", dir + "/0.0", dir + ".manifest.json");
      (id == 1 ? orphans : live).addAll(files);
      if (id == 1) {
        fileOrphan = pathOf(file);
        npyOrphan = pathOf(npy);
        folderUnit = dir;
      }
    }
    String b1 = fx.putHash(B, bytes("b blob 1"));
    fx.insert(B, "blob_b", 1, Map.of("payload", b1));
    String b2 = fx.putHash(B, bytes("b blob 2"));
    fx.insert(B, "blob_b", 2, Map.of("payload", b2));
    orphanOfB = pathOf(b1);
    String c1 = fx.putHash(C, bytes("c blob 1"));
    fx.insert(C, "blob_c", 1, Map.of("payload", c1));
    String c2 = fx.putHash(C, bytes("c blob 2"));
    fx.insert(C, "blob_c", 2, Map.of("payload", c2));
    orphanOfC = pathOf(c1);

    orphans.addAll(List.of(blobOrphan, dedupOrphan, orphanOfB, orphanOfC));
    live.addAll(List.of(sharedBlob, pathOf(b2), pathOf(c2)));

    fx.delete(A, "blob_test", 1);
    fx.delete(A, "blob_test", 2);
    fx.delete(A, "blob_test", 4);
    fx.delete(A, "blob_test", 5);
    fx.delete(A, "object_test", 1);
    fx.delete(A, "npy_test", 1);
    fx.delete(B, "blob_b", 1);
    fx.delete(C, "blob_c", 1);
  }

  // ---------------------------------------------------------------------------------------------
  // running the command line

  /** Extra arguments of every run: subclasses route the store through another backend. */
  protected List<String> backendArguments() {
    return List.of();
  }

  /** Runs a job on store s3main over both schemas, capturing the process's log output too. */
  private GcCli.Result job(String job, String clockOffset, String... args) {
    List<String> all = new ArrayList<>(List.of("--job=" + job, "--store=" + STORE, "--format=json",
        "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work")));
    if (!job.equals("restore") && !job.equals("verify") && !job.equals("stats")) {
      all.addAll(List.of("--schema=" + A, "--schema=" + B, "--schema=" + C));
    }
    if (clockOffset != null) {
      all.add("--gc.testing.clock-offset=" + clockOffset);
    }
    all.addAll(backendArguments());
    all.addAll(Arrays.asList(args));
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    GcCli.Result result;
    try {
      System.setOut(new PrintStream(new Tee(realOut, logs), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(realErr, logs), true, StandardCharsets.UTF_8));
      result = GcCli.run(all.toArray(String[]::new));
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(realOut);
      System.setErr(realErr);
    }
    transcripts.add(String.join(" ", all) + "\n" + result + "\n--- logs\n" + logs.toString(StandardCharsets.UTF_8));
    return result;
  }

  private GcCli.Result ok(String job, String clockOffset, String... args) {
    GcCli.Result result = job(job, clockOffset, args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    return result;
  }

  private ReportJson report() {
    return ReportJson.parse(ok("report", null).out());
  }

  private static JsonNode json(GcCli.Result result) {
    try {
      return new ObjectMapper().readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON:\n" + result, e);
    }
  }

  private static long counter(GcCli.Result result, String name) {
    JsonNode value = json(result).path("counters").path(name);
    return value.isMissingNode() ? 0 : value.asLong();
  }

  private Map<String, String> ledger() {
    return StoreState.ledger(db, STORE);
  }

  private void assertLiveUntouched(Map<String, String> liveContent) {
    liveContent.forEach((path, content) -> assertThat(fx.read(path)).as(path).hasValue(content));
  }

  private Map<String, String> contents(Set<String> paths) {
    Map<String, String> contents = new HashMap<>();
    paths.forEach(p -> contents.put(p, fx.read(p).orElseThrow(() -> new AssertionError("missing " + p))));
    return contents;
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void theFullCycleOnS3() {
    // given
    pipeline();
    Map<String, String> liveContent = contents(live);
    Map<String, String> orphanContent = contents(orphans);
    Set<String> everything = new TreeSet<>(live);
    everything.addAll(orphans);
    assertThat(fx.originals()).containsExactlyInAnyOrderElementsOf(everything);

    // when: report
    ReportJson report = report();

    // then: exactly the orphans of the three schemas, sizes as stored
    assertThat(report.orphanPaths()).containsExactlyInAnyOrderElementsOf(orphans);
    orphans.forEach(p -> assertThat(report.orphans().get(p)).as(p).isEqualTo(orphanContent.get(p).length()));
    assertThat(report.stat("hash_paths_orphaned")).isEqualTo(4);
    assertThat(report.stat("hash_paths_stored")).isEqualTo(7);
    assertThat(orphanOfC).startsWith("_hash/" + BUCKET + "/");
    assertThat(report.stat("schema_paths_orphaned")).isEqualTo(5);
    assertThat(report.findingsTotal()).isZero();

    // when: quarantine two days later
    GcCli.Result quarantine = ok("quarantine", "P2D");

    // then: exactly the orphans moved to dj/store/_trash/{run}/{path}, one run; live objects untouched
    assertThat(counter(quarantine, "quarantined")).isEqualTo(orphans.size());
    Map<String, String> trash = fx.trash();
    assertThat(trash.keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    Set<String> runs = trash.values().stream().map(t -> t.split("/")[1]).collect(Collectors.toSet());
    assertThat(runs).hasSize(1).allSatisfy(r -> assertThat(r).matches(RUN));
    String run = runs.iterator().next();
    assertThat(fx.bucketObjects().keySet()).allSatisfy(k -> assertThat(k).startsWith(LOCATION + "/"))
        .filteredOn(k -> k.startsWith(LOCATION + "/_trash/"))
        .containsExactlyInAnyOrderElementsOf(orphans.stream().map(o -> LOCATION + "/_trash/" + run + "/" + o).toList());
    trash.forEach((original, trashPath) -> assertThat(fx.read(trashPath)).as(trashPath)
        .hasValue(orphanContent.get(original)));
    assertThat(fx.originals()).containsExactlyInAnyOrderElementsOf(live);
    assertLiveUntouched(liveContent);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((p, s) -> assertThat(s).isEqualTo("QUARANTINED"));

    // when: a purge inside the grace window
    GcCli.Result inGrace = ok("purge", "P3D");

    // then: nothing deleted
    assertThat(counter(inGrace, "purged")).isZero();
    assertThat(fx.trash()).isEqualTo(trash);
    assertLiveUntouched(liveContent);

    // when: during grace a row commits that references the quarantined hash object (a writer whose
    // dedup check ran before the move), then purge runs again inside grace
    fx.insert(A, "blob_test", 6, Map.of("payload", fx.hashJson(A, bytes("blob 1"))));
    GcCli.Result heal = ok("purge", "P3D");

    // then: the object is healed back to its original path, nothing else changes
    assertThat(counter(heal, "restored_healed")).isEqualTo(1);
    assertThat(counter(heal, "purged")).isZero();
    assertThat(fx.read(blobOrphan)).hasValue("blob 1");
    assertThat(fx.trash()).doesNotContainKey(blobOrphan).hasSize(orphans.size() - 1);
    assertThat(ledger()).containsEntry(blobOrphan, "RESTORED/HEALED");

    // when: an operator restores one file by --path
    GcCli.Result restored = ok("restore", "P3D", "--path=" + npyOrphan);

    // then
    assertThat(counter(restored, "restored_operator")).isEqualTo(1);
    assertThat(fx.exists(npyOrphan)).isTrue();
    assertThat(fx.trash()).doesNotContainKey(npyOrphan).hasSize(orphans.size() - 2);
    assertThat(ledger()).containsEntry(npyOrphan, "RESTORED/OPERATOR");

    // when: restore onto an original path that someone else has written since
    fx.write(fileOrphan, bytes("someone else's bytes"));
    GcCli.Result conflict = job("restore", "P3D", "--path=" + fileOrphan);

    // then: exit 1, CONFLICT, both kept with their own bytes
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(conflict.out()).contains("CONFLICT " + fileOrphan);
    assertThat(fx.read(fileOrphan)).hasValue("someone else's bytes");
    assertThat(fx.read(fx.trash().get(fileOrphan))).hasValue("file 1");
    assertThat(ledger()).containsEntry(fileOrphan, "CONFLICT/OPERATOR");

    // when: a trash object is deleted behind dj-gc's back, verify (read-only) reports it
    String vanished = fx.trash().get(orphanOfB);
    fx.remove(vanished);
    GcCli.Result drift = job("verify", null);

    // then
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(drift.out()).contains("MISSING " + vanished);
    assertThat(counter(drift, "missing")).isEqualTo(1);
    assertThat(counter(drift, "untracked")).isZero();
    assertThat(ledger()).containsEntry(orphanOfB, "QUARANTINED");

    // when: the ledger is repaired from the trash listing
    job("verify", null, "--rebuild-ledger");

    // then
    assertThat(ledger()).containsEntry(orphanOfB, "MISSING");

    // when: a purge past grace
    Set<String> remaining = new TreeSet<>(orphans);
    remaining.removeAll(List.of(blobOrphan, npyOrphan, fileOrphan, orphanOfB));
    GcCli.Result purge = ok("purge", "P10D");

    // then: exactly the remaining quarantined orphans are deleted; the conflict stays in the trash
    assertThat(counter(purge, "purged")).isEqualTo(remaining.size());
    assertThat(remaining).containsExactlyInAnyOrder(dedupOrphan, orphanOfC, folderUnit + ".manifest.json",
        folderUnit + "/0.0", folderUnit + "/.zarray");
    assertThat(fx.trash().keySet()).containsExactly(fileOrphan);
    Set<String> originals = new TreeSet<>(live);
    originals.addAll(List.of(blobOrphan, npyOrphan, fileOrphan));
    assertThat(fx.originals()).containsExactlyInAnyOrderElementsOf(originals);
    assertLiveUntouched(liveContent);

    // and the ledger ends in the expected states
    Map<String, String> expected = new HashMap<>();
    remaining.forEach(p -> expected.put(p, "PURGED"));
    expected.put(blobOrphan, "RESTORED/HEALED");
    expected.put(npyOrphan, "RESTORED/OPERATOR");
    expected.put(fileOrphan, "CONFLICT/OPERATOR");
    expected.put(orphanOfB, "MISSING");
    assertThat(ledger()).isEqualTo(expected);

    // and a report now sees the restored file and the conflicting occupant as the only orphans
    assertThat(report().orphanPaths()).containsExactlyInAnyOrder(npyOrphan, fileOrphan);
  }

  @Test
  void aSectionOfMoreThanAThousandObjectsIsListedPageByPage() {
    // given: one live blob and 1100 orphaned hash objects in one section (S3 pages hold 1000 keys)
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@s3main>"));
    fx.insert(A, "blob_test", 1, Map.of("payload", fx.putHash(A, bytes("the live one"))));
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 1100; i++) {
      byte[] payload = bytes("orphan " + i);
      String path = HashPaths.buildHashPath(HashPaths.computeHash(payload), A, "_hash", List.of());
      fx.write(path, payload);
      expected.add(path);
    }

    // when
    ReportJson report = report();

    // then: every object of every page is counted
    assertThat(report.stat("hash_paths_stored")).isEqualTo(1101);
    assertThat(report.stat("hash_paths_orphaned")).isEqualTo(1100);
    assertThat(report.stat("hash_paths_referenced")).isEqualTo(1);
    assertThat(report.orphanPaths()).hasSize(1100).isEqualTo(expected);
  }

  /** Copies everything written to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
