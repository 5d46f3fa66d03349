package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.ReportTestBase;
import org.djgc.batch.support.SimulatedKill;
import org.djgc.batch.support.StoreState;
import org.djgc.core.layout.HashPaths;
import org.junit.jupiter.api.AfterEach;

/**
 * A pipeline with every codec kind whose row 1 is deleted (its files are the orphans) and row 2 is
 * live, plus helpers to run the destructive jobs at a shifted clock: files are written "now", so
 * {@code P2D} makes them older than the 24 h minimum age, {@code P3D} is inside the 7-day grace and
 * {@code P10D} past it.
 */
public abstract class CycleTestBase extends ReportTestBase {
  /** The content of the pipeline's orphaned blob (row 1 of {@code blob_test}). */
  protected static final byte[] ORPHAN_BLOB = bytes("blob 1");

  protected Set<String> orphans;
  protected Set<String> live;

  @AfterEach
  void clearHooks() {
    CrashPoints.clearHooks();
  }

  /** Builds the pipeline; returns nothing, fills {@link #orphans} and {@link #live}. */
  protected void pipeline() {
    fx.declareTable(A, "blob_test", Map.of("payload", "<blob@local>"));
    fx.declareTable(A, "object_test", Map.of("file", "<object@local>", "folder", "<object@local>"));
    fx.declareTable(A, "npy_test", Map.of("arr", "<npy@local>"));
    orphans = new HashSet<>();
    live = new HashSet<>();
    for (int id = 1; id <= 2; id++) {
      String blob = fx.putHash(A, bytes("blob " + id));
      fx.insert(A, "blob_test", id, Map.of("payload", blob));
      String file = fx.putObject(A, "object_test", id, "file", "tok0000" + id, ".dat", bytes("file " + id));
      Map<String, byte[]> chunks = new LinkedHashMap<>();
      chunks.put(".zarray", bytes("{}"));
      chunks.put("0.0", bytes("chunk " + id));
      String folder = fx.putFolder(A, "object_test", id, "folder", "fold000" + id, chunks);
      fx.insert(A, "object_test", id, Map.of("file", file, "folder", folder));
      String npy = fx.putNpy(A, "npy_test", id, "arr", "arr0000" + id, new byte[16]);
      fx.insert(A, "npy_test", id, Map.of("arr", npy));
      String dir = pathOf(folder);
      Set<String> files = new HashSet<>(List.of(pathOf(blob), pathOf(file), pathOf(npy), dir + "/.zarray",
          dir + "/0.0", dir + ".manifest.json"));
      (id == 1 ? orphans : live).addAll(files);
    }
    fx.delete(A, "blob_test", 1);
    fx.delete(A, "object_test", 1);
    fx.delete(A, "npy_test", 1);
  }

  /** Makes the next run die at {@code point} as under {@code kill -9} (in-process: {@link SimulatedKill}). */
  protected static void killAt(String point) {
    CrashPoints.onNextReach(point, () -> {
      throw new SimulatedKill(point);
    });
  }

  /** Runs a job at a shifted clock; jobs that examine or filter by schema get {@code --schema=A}. */
  protected GcCli.Result run(String job, String clockOffset, String... args) {
    java.util.List<String> all = new java.util.ArrayList<>();
    if (!List.of("verify", "history", "trace").contains(job)) {
      all.add("--schema=" + A);
    }
    all.add("--gc.testing.clock-offset=" + clockOffset);
    all.addAll(List.of(args));
    return job(job, all.toArray(String[]::new));
  }

  protected GcCli.Result ok(String job, String clockOffset, String... args) {
    GcCli.Result result = run(job, clockOffset, args);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
    return result;
  }

  /** The path of the pipeline's orphaned blob. */
  protected String orphanBlob() {
    return "_hash/" + A + "/" + HashPaths.computeHash(ORPHAN_BLOB);
  }

  /** The JSON a dedup insert of the orphaned blob's content writes: a row that references it again. */
  protected String orphanBlobJson() {
    return "{\"hash\": \"" + HashPaths.computeHash(ORPHAN_BLOB) + "\", \"path\": \"" + orphanBlob()
        + "\", \"schema\": \"" + A + "\", \"store\": \"local\", \"size\": " + ORPHAN_BLOB.length + "}";
  }

  /** Every live file is at its original path. */
  protected void assertLiveFilesUntouched() {
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(live);
  }

  protected Map<String, String> ledger() {
    return StoreState.ledger(metadata, STORE);
  }
}
