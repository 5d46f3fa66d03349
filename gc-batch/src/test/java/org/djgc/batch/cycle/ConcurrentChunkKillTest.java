package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.SimulatedKill;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10: a run killed in the middle of a chunk whose moves, deletes, restores or heals run
 * concurrently ({@code gc.storage-concurrency}) recovers exactly as a sequential one does: every
 * orphan ends in the trash once with its bytes, then purged (or back at its path, restored or
 * healed); no live file is touched; no row is left behind.
 */
class ConcurrentChunkKillTest extends CycleTestBase {
  private static final int EXTRA_ORPHANS = 40;

  private final Map<String, byte[]> orphanBytes = new HashMap<>();
  /** The JSON of each extra orphan, by path: a row inserted with it references the orphan again. */
  private final Map<String, String> extraJson = new java.util.LinkedHashMap<>();

  /** The pipeline of {@link CycleTestBase} plus unreferenced blobs, so one chunk holds many moves. */
  private void manyOrphans() throws Exception {
    pipeline();
    for (int i = 0; i < EXTRA_ORPHANS; i++) {
      byte[] content = bytes("extra orphan " + i);
      String json = fx.putHash(A, content);
      String path = pathOf(json);
      orphans.add(path);
      extraJson.put(path, json);
    }
    for (String orphan : orphans) {
      orphanBytes.put(orphan, Files.readAllBytes(storeRoot.resolve(orphan)));
    }
  }

  /** The threads that reached the point {@link #killAtReach} watches. */
  private final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Makes the run die when {@code point} is reached for the {@code n}-th time, on whichever thread. */
  private void killAtReach(String point, int n) {
    AtomicInteger reaches = new AtomicInteger();
    CrashPoints.onEveryReach(point, () -> {
      threads.add(Thread.currentThread().getName());
      if (reaches.incrementAndGet() == n) {
        throw new SimulatedKill(point + ":" + n);
      }
    });
  }

  @ParameterizedTest(name = "gc.storage-concurrency={0}")
  @ValueSource(ints = {1, 8})
  void aQuarantineKilledMidChunkIsRecoveredByTheNextOne(int concurrency) throws Exception {
    // given: a quarantine killed at its 10th move of one chunk of 46
    manyOrphans();
    String[] setting = {"--gc.storage-concurrency=" + concurrency, "--gc.max-candidate-fraction=1"};
    killAtReach("quarantine.afterMove", 10);
    GcCli.Result killed = run("quarantine", "P2D", setting);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger().values()).contains("MOVING");

    // when
    ok("quarantine", "P2D", setting);

    // then: every orphan is in the trash once, with its bytes, under a QUARANTINED row
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));
    Map<String, byte[]> trash = trashByOriginal();
    assertThat(trash.keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    orphans.forEach(o -> assertThat(trash.get(o)).as(o).isEqualTo(orphanBytes.get(o)));
    assertThat(StoreState.files(storeRoot).keySet()).doesNotContainAnyElementsOf(orphans);
    assertLiveFilesUntouched();
  }

  @ParameterizedTest(name = "gc.storage-concurrency={0}")
  @ValueSource(ints = {1, 8})
  void aPurgeKilledMidChunkIsFinishedByTheNextOne(int concurrency) throws Exception {
    // given: quarantined, then a purge killed at its 10th delete of one chunk
    manyOrphans();
    String[] setting = {"--gc.storage-concurrency=" + concurrency, "--gc.max-candidate-fraction=1"};
    ok("quarantine", "P2D", setting);
    killAtReach("purge.afterDelete", 10);
    GcCli.Result killed = run("purge", "P10D", setting);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger().values()).contains("PURGING");

    // when
    ok("purge", "P11D", setting);

    // then: every row PURGED, the trash empty, the live files where they were
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("PURGED"));
    assertThat(trashByOriginal()).isEmpty();
    assertLiveFilesUntouched();
    ok("verify", "P11D");
    // and: the directories the moves and deletes emptied are gone, up to the run's trash directory
    assertThat(emptyDirectories()).allSatisfy(d -> assertThat(d).matches("_trash(/[^/]+)?"));
  }

  @ParameterizedTest(name = "gc.storage-concurrency={0}")
  @ValueSource(ints = {1, 8})
  void aRestoreKilledMidChunkIsFinishedByTheNextOne(int concurrency) throws Exception {
    // given: quarantined, then a restore of the whole schema killed after its 10th move back
    manyOrphans();
    String[] setting = {"--gc.storage-concurrency=" + concurrency, "--gc.max-candidate-fraction=1"};
    ok("quarantine", "P2D", setting);
    killAtReach("restore.afterMoveBack", 10);
    GcCli.Result killed = run("restore", "P3D", setting);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger().values()).contains("RESTORING/OPERATOR", "QUARANTINED");
    assertThat(threads.size() > 1).as("moved back on several threads: " + threads).isEqualTo(concurrency > 1);

    // when
    ok("restore", "P4D", setting);

    // then: every orphan back at its path with its bytes, every row RESTORED, nothing left in the trash
    assertThat(ledger()).hasSize(orphans.size())
        .allSatisfy((path, state) -> assertThat(state).isEqualTo("RESTORED/OPERATOR"));
    for (String orphan : orphans) {
      assertThat(Files.readAllBytes(storeRoot.resolve(orphan))).as(orphan).isEqualTo(orphanBytes.get(orphan));
    }
    assertThat(trashByOriginal()).isEmpty();
    assertLiveFilesUntouched();
    ok("verify", "P4D");
  }

  @ParameterizedTest(name = "gc.storage-concurrency={0}")
  @ValueSource(ints = {1, 8})
  void aHealKilledMidwayIsFinishedByTheNextPurge(int concurrency) throws Exception {
    // given: quarantined; then rows reference the extra orphans again, and the purge that heals
    // them is killed after its 10th move back
    manyOrphans();
    String[] setting = {"--gc.storage-concurrency=" + concurrency, "--gc.max-candidate-fraction=1"};
    ok("quarantine", "P2D", setting);
    int id = 100;
    for (String json : extraJson.values()) {
      fx.insert(A, "blob_test", id++, Map.of("payload", json));
    }
    killAtReach("heal.afterMoveBack", 10);
    GcCli.Result killed = run("purge", "P3D", setting);
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger().values()).contains("RESTORING/HEALED", "QUARANTINED");
    assertThat(threads.size() > 1).as("healed on several threads: " + threads).isEqualTo(concurrency > 1);

    // when: the next purge (no file is past its grace yet)
    ok("purge", "P4D", setting);

    // then: every referenced file is back with its bytes; the others are still quarantined
    for (String path : extraJson.keySet()) {
      assertThat(ledger()).as(path).containsEntry(path, "RESTORED/HEALED");
      assertThat(Files.readAllBytes(storeRoot.resolve(path))).as(path).isEqualTo(orphanBytes.get(path));
    }
    assertThat(trashByOriginal().keySet()).containsExactlyInAnyOrderElementsOf(
        orphans.stream().filter(o -> !extraJson.containsKey(o)).toList());
    assertLiveFilesUntouched();
    ok("verify", "P4D");
  }

  @org.junit.jupiter.api.Test
  void aConcurrencyOutOfRangeIsRefusedBeforeAnythingMoves() throws Exception {
    manyOrphans();

    GcCli.Result refused = run("quarantine", "P2D", "--gc.storage-concurrency=1000", "--gc.max-candidate-fraction=1");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("gc.storage-concurrency", "1000");
    assertThat(ledger()).isEmpty();
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(orphans);
  }

  /** Directories under the store root that hold no file, at any depth. */
  private java.util.List<String> emptyDirectories() throws Exception {
    try (var walk = Files.walk(storeRoot)) {
      return walk.filter(Files::isDirectory).filter(d -> !d.equals(storeRoot)).filter(d -> {
        try (var below = Files.walk(d)) {
          return below.noneMatch(Files::isRegularFile);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(d -> storeRoot.relativize(d).toString()).sorted().toList();
    }
  }

  /** The files in the trash, by the original path their trash path ends with. */
  private Map<String, byte[]> trashByOriginal() throws Exception {
    Map<String, byte[]> byOriginal = new HashMap<>();
    for (String path : StoreState.files(storeRoot).keySet()) {
      if (path.startsWith("_trash/")) {
        String original = orphans.stream().filter(path::endsWith).findFirst().orElseThrow(
            () -> new AssertionError("a trash file of no orphan: " + path));
        assertThat(byOriginal.put(original, Files.readAllBytes(storeRoot.resolve(path)))).as("twice: " + original)
            .isNull();
      }
    }
    return byOriginal;
  }
}
