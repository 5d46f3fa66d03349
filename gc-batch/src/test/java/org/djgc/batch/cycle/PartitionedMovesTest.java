package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.SimulatedKill;
import org.djgc.batch.support.StoreState;
import org.djgc.core.testing.BatchPartitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partitioned run moves and deletes in partitions too (issue 11, spec §4.6d): quarantine's
 * {@code moveSlice} partition {@code i} moves what scan partition {@code i} selected, purge's
 * {@code deleteSlice} partitions split the due rows; the run's counters are the partitions' sum; a
 * partition failing half-way through its moves fails the run, and its restart moves again only in
 * the partitions that did not complete, ending where an uninterrupted run ends.
 */
class PartitionedMovesTest extends CycleTestBase {
  private static final String[] PARTITIONED = {"--gc.partitions=6", "--gc.partition-threads=2",
      "--gc.chunk-size=3", "--gc.max-candidate-fraction=1"};

  @BeforeEach
  void manyOrphans() {
    pipeline();
    for (int i = 0; i < 30; i++) {
      orphans.add(pathOf(fx.putHash(A, bytes("orphan blob " + i))));
      orphans.add(pathOf(fx.putObject(A, "object_test", 100 + i, "file", "tok" + (1000 + i), ".dat",
          bytes("orphan file " + i))));
    }
  }

  @Test
  void movesAndDeletesRunInPartitionsAndTheRunCountsTheirSum() throws Exception {
    // when
    GcCli.Result quarantine = ok("quarantine", "P2D", PARTITIONED);

    // then: one move partition per scan partition, all completed; every orphan moved once
    long first = StoreState.lastExecution(metadata, STORE);
    Map<String, String> scans = BatchPartitions.statuses(metadata.dataSource(), first, "scanSlice");
    Map<String, String> moves = BatchPartitions.statuses(metadata.dataSource(), first, "moveSlice");
    assertThat(moves).hasSameSizeAs(scans).hasSizeGreaterThan(2)
        .allSatisfy((name, status) -> assertThat(status).isEqualTo("COMPLETED"));
    assertThat(counter(quarantine, "quarantined")).isEqualTo(orphans.size());
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertLiveFilesUntouched();

    // when
    GcCli.Result purge = ok("purge", "P10D", PARTITIONED);

    // then: the due rows deleted in 6 partitions, counted once each
    Map<String, String> deletes = BatchPartitions.statuses(metadata.dataSource(), StoreState.lastExecution(metadata, STORE),
        "deleteSlice");
    assertThat(deletes).hasSize(6).allSatisfy((name, status) -> assertThat(status).isEqualTo("COMPLETED"));
    assertThat(counter(purge, "purged")).isEqualTo(orphans.size());
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("PURGED"));
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertLiveFilesUntouched();
    assertThat(tmp.resolve("work").resolve("slices")).isEmptyDirectory();
  }

  @Test
  void aPartitionFailingMidMovesFailsTheRunAndTheRestartMovesOnlyInThePartitionsThatDidNotComplete() {
    // given: the 7th move fails as if its process died right after it (the row still MOVING)
    AtomicInteger moves = new AtomicInteger();
    CrashPoints.onEveryReach("quarantine.afterMove", () -> {
      if (moves.incrementAndGet() == 7) {
        throw new SimulatedKill("quarantine.afterMove:7");
      }
    });
    GcCli.Result failed = run("quarantine", "P2D", PARTITIONED);
    Matcher id = Pattern.compile("--restart=(\\d+)").matcher(failed.err());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(id.find()).as(failed.err()).isTrue();
    long first = Long.parseLong(id.group(1));
    Map<String, String> before = BatchPartitions.statuses(metadata.dataSource(), first, "moveSlice");
    assertThat(before.values()).contains("FAILED", "COMPLETED");
    assertThat(ledger().values()).contains("MOVING");
    CrashPoints.clearHooks();

    // when
    GcCli.Result restarted = GcCli.run("--restart=" + first, "--format=json", "--dj-config=" + writeConfig(),
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D", "--gc.max-candidate-fraction=1");

    // then: only the partitions that had not completed moved again; the end state of an uninterrupted run
    assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(ExitCode.OK);
    Map<String, String> again = BatchPartitions.statuses(metadata.dataSource(), StoreState.lastExecution(metadata, STORE),
        "moveSlice");
    assertThat(again.keySet()).containsExactlyInAnyOrderElementsOf(before.entrySet().stream()
        .filter(e -> !e.getValue().equals("COMPLETED")).map(Map.Entry::getKey).toList());
    assertThat(again.values()).containsOnly("COMPLETED");
    assertThat(StoreState.files(storeRoot).keySet()).as(before + " then " + again + "\n" + failed.err()
        + "\n" + restarted.err()).doesNotContainAnyElementsOf(orphans);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((path, state) -> assertThat(state).isEqualTo("QUARANTINED"));
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertLiveFilesUntouched();
  }

  @Test
  void aRefusedRunMakesNoMovePartitionAndMovesNothing() {
    // when: more candidates than gc.max-candidates
    GcCli.Result refused = run("quarantine", "P2D", "--gc.partitions=6", "--gc.max-candidates=5",
        "--gc.max-candidate-fraction=1");

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REFUSED);
    assertThat(BatchPartitions.statuses(metadata.dataSource(), StoreState.lastExecution(metadata, STORE), "moveSlice")).isEmpty();
    assertThat(ledger()).isEmpty();
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(orphans);
  }

  private static long counter(GcCli.Result result, String name) throws Exception {
    JsonNode value = new ObjectMapper().readTree(result.out()).path("counters").path(name);
    return value.isMissingNode() ? 0 : value.asLong();
  }
}
