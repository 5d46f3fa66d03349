package org.djgc.batch.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djgc.batch.s3.S3Fixture.bytes;
import static org.djgc.batch.s3.S3Fixture.pathOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
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
 * Issue 8 on an S3 store (in-process S3Proxy): a purge whose conditional delete finds another etag
 * records {@code CHANGED} once, never deletes the object and later purges pass it by, and an
 * operator restore brings it back; a restore killed after its copy (two equal objects) is finished
 * from the recorded size and etag instead of ending in {@code CONFLICT}.
 */
public class S3RestoreSafetyTest {
  private static final String A = "gcs3s_a";
  private static final String STORE = "s3safe";
  private static final String BUCKET = "gcs3safe";
  private static final String LOCATION = "dj/store";
  private static final String ACCESS_KEY = "AKIDGCS3SAFEACCESS";
  private static final String SECRET_KEY = "gcS3SafeSecret/9z8y7x";

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
  private final List<String> orphans = new ArrayList<>();
  private final Map<String, String> live = new TreeMap<>();

  @BeforeEach
  void setUp() {
    admin = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    db.recreateSchema(A);
    db.execute("CREATE DATABASE IF NOT EXISTS datajoint_gc");
    fx = new S3Fixture(db, admin, BUCKET, LOCATION, STORE);
    config = S3DjConfig.write(tmp.resolve("config"), db, STORE,
        S3DjConfig.storeSpec(s3proxy.getUri(), BUCKET, LOCATION, ACCESS_KEY, SECRET_KEY));
    ok("stats", null); // creates the ledger
    db.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = '" + STORE + "'");
  }

  @AfterEach
  void tearDown() {
    admin.close();
    db.dropSchemas(A);
  }

  /** Six {@code <object@s3safe>} files; rows 1 and 2 deleted, so two schema-section orphans. */
  private void pipeline() {
    fx.declareTable(A, "object_test", Map.of("file", "<object@" + STORE + ">"));
    for (int id = 1; id <= 6; id++) {
      String file = fx.putObject(A, "object_test", id, "file", "tok0000" + id, ".dat", bytes("file " + id));
      fx.insert(A, "object_test", id, Map.of("file", file));
      if (id <= 2) {
        orphans.add(pathOf(file));
      } else {
        live.put(pathOf(file), "file " + id);
      }
    }
    fx.delete(A, "object_test", 1);
    fx.delete(A, "object_test", 2);
  }

  private GcCli.Result job(String job, String clockOffset, String... args) {
    List<String> all = new ArrayList<>(List.of("--job=" + job, "--store=" + STORE, "--format=json",
        "--dj-config=" + config, "--gc.work-dir=" + tmp.resolve("work")));
    if (!job.equals("stats")) {
      all.add("--schema=" + A);
    }
    if (clockOffset != null) {
      all.add("--gc.testing.clock-offset=" + clockOffset);
    }
    all.addAll(Arrays.asList(args));
    return GcCli.run(all.toArray(String[]::new));
  }

  private GcCli.Result ok(String job, String clockOffset, String... args) {
    GcCli.Result result = job(job, clockOffset, args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    return result;
  }

  private Map<String, String> ledger() {
    return StoreState.ledger(db, STORE);
  }

  private void assertLiveUntouched() {
    live.forEach((path, content) -> assertThat(fx.read(path)).as(path).hasValue(content));
  }

  @Test
  void aPurgeEtagMismatchIsRecordedOnceNeverDeletedAndRestorable() {
    // given: quarantined; then the trash object of one orphan is overwritten behind dj-gc's back
    pipeline();
    ok("quarantine", "P2D");
    String changed = orphans.get(0);
    String changedTrash = fx.trash().get(changed);
    fx.write(changedTrash, bytes("rewritten in the trash"));

    // when: a purge past grace
    var first = job("purge", "P10D");

    // then: the other orphan is purged, the changed one is kept and recorded CHANGED (exit 1, named)
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(first.out()).contains(changedTrash, "\"changed\" : 1", "\"purged\" : 1");
    assertThat(ledger()).containsEntry(changed, "CHANGED").containsEntry(orphans.get(1), "PURGED");
    assertThat(fx.read(changedTrash)).hasValue("rewritten in the trash");

    // when: the next purge
    var second = ok("purge", "P10D");

    // then: it passes the row by and deletes nothing
    assertThat(second.out()).contains("\"purged\" : 0");
    assertThat(fx.read(changedTrash)).hasValue("rewritten in the trash");
    assertThat(ledger()).containsEntry(changed, "CHANGED");

    // when: an operator restores it
    ok("restore", "P10D", "--path=" + changed);

    // then: what was in the trash is back at the original path
    assertThat(fx.read(changed)).hasValue("rewritten in the trash");
    assertThat(fx.exists(changedTrash)).isFalse();
    assertThat(ledger()).containsEntry(changed, "RESTORED/OPERATOR");
    assertLiveUntouched();
  }

  @Test
  void aRestoreKilledAfterItsCopyIsFinished() {
    // given: a restore died after copying the trash object back (equal objects at both keys)
    pipeline();
    ok("quarantine", "P2D");
    String copied = orphans.get(0);
    String copiedTrash = fx.trash().get(copied);
    admin.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(fx.key(copiedTrash)).destinationBucket(BUCKET)
        .destinationKey(fx.key(copied)));
    db.execute("UPDATE datajoint_gc.gc_quarantine SET state = 'RESTORING', restore_execution_id ="
        + " quarantine_execution_id, restore_reason = 'OPERATOR' WHERE store = '" + STORE + "' AND original_path = '"
        + copied + "'");
    // and the other orphan's original holds other bytes of the same size
    String occupied = orphans.get(1);
    String occupiedTrash = fx.trash().get(occupied);
    fx.write(occupied, bytes("FILE 2"));

    // when
    var restored = ok("restore", "P2D", "--path=" + copied);

    // then: the trash copy is dropped and the row RESTORED
    assertThat(restored.out()).contains("\"restored_operator\" : 1");
    assertThat(fx.read(copied)).hasValue("file 1");
    assertThat(fx.exists(copiedTrash)).isFalse();
    assertThat(ledger()).containsEntry(copied, "RESTORED/OPERATOR");

    // when: the occupant is not the recorded object
    var conflict = job("restore", "P2D", "--path=" + occupied);

    // then: CONFLICT, both kept
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(ledger()).containsEntry(occupied, "CONFLICT/OPERATOR");
    assertThat(fx.read(occupied)).hasValue("FILE 2");
    assertThat(fx.read(occupiedTrash)).hasValue("file 2");
    Set<String> originals = new TreeSet<>(live.keySet());
    originals.addAll(orphans);
    assertThat(fx.originals()).containsExactlyInAnyOrderElementsOf(originals);
    assertLiveUntouched();
  }
}
