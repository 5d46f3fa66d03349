package org.djgc.batch.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: an option a job does not take, or a {@code gc.*} key dj-gc does not know, is an error
 * (exit 2) and changes nothing; it is never silently dropped ({@code --job=purge --dry-run} once
 * purged). And each execution counts only its own work.
 */
class OptionsTakenTest extends CycleTestBase {

  @BeforeEach
  void orphans() {
    pipeline();
  }

  @Test
  void dryRunOnAJobThatChangesThingsIsRefusedAndMovesNothing() {
    // when
    GcCli.Result quarantine = run("quarantine", "P2D", "--dry-run");
    GcCli.Result purge = run("purge", "P10D", "--dry-run=true");

    // then
    assertThat(quarantine.exitCode()).as(quarantine.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(quarantine.err()).contains("--dry-run is not an option of --job=quarantine").contains("--job=report");
    assertThat(purge.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(StoreState.trash(storeRoot)).isEmpty();
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(orphans).containsAll(live);

    // and after a real quarantine, a purge past grace with --dry-run deletes nothing
    ok("quarantine", "P2D");
    Map<String, String> trash = StoreState.trash(storeRoot);
    assertThat(trash).isNotEmpty();
    assertThat(run("purge", "P10D", "--dry-run").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(StoreState.trash(storeRoot)).isEqualTo(trash);
  }

  @Test
  void optionsOfOtherJobsAreRefusedByName() {
    GcCli.Result verify = run("verify", "P0D", "--force");
    GcCli.Result report = run("report", "P0D", "--path=x");

    assertThat(verify.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(verify.err()).contains("--force is not an option of --job=verify").contains("--rebuild-ledger");
    assertThat(report.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(report.err()).contains("--path is not an option of --job=report");
  }

  @Test
  void remotePartitioningOptionsAreCheckedBeforeAnythingRuns() {
    // when
    GcCli.Result restore = run("restore", "P10D", "--remote-partitions=8");
    GcCli.Result zero = run("quarantine", "P2D", "--remote-partitions=0");
    GcCli.Result workerWithJob = GcCli.run("--worker", "--job=report");
    GcCli.Result workerWithSchema = GcCli.run("--worker", "--schema=x");
    GcCli.Result mode = run("quarantine", "P2D", "--gc.partitions=4", "--gc.partitioning=remtoe");

    // then
    assertThat(restore.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(restore.err()).contains("--remote-partitions is not an option of --job=restore");
    assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(zero.err()).contains("Invalid --remote-partitions '0' (expected 2 to 4096 partitions)");
    assertThat(workerWithJob.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(workerWithJob.err()).contains("--worker takes no --job or --restart");
    assertThat(workerWithSchema.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(workerWithSchema.err()).contains("--schema is not an option of --worker");
    assertThat(mode.exitCode()).as(mode.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(mode.err()).contains("gc.partitioning must be local or remote, found 'remtoe'");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
  }

  @Test
  void aMisspelledSettingIsRefusedWithTheNearestKey() {
    // when: a cap the operator meant to set, misspelled
    GcCli.Result cap = run("quarantine", "P2D", "--gc.max-candidate=1");
    GcCli.Result grace = run("purge", "P10D", "--gc.grace-second=5");

    // then
    assertThat(cap.exitCode()).as(cap.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(cap.err()).contains("gc.max-candidate").contains("did you mean gc.max-candidates?");
    assertThat(grace.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(grace.err()).contains("did you mean gc.grace-seconds?");
    assertThat(StoreState.trash(storeRoot)).isEmpty();
  }

  @Test
  void aRealCollectReportsEachExecutionsOwnCounts() throws Exception {
    // when
    GcCli.Result collect = run("collect", "P2D", "--dry-run=false");

    // then: two outcome reports; the purge's counts only what the purge did
    assertThat(collect.exitCode()).as(collect.toString()).isEqualTo(ExitCode.OK);
    List<JsonNode> reports = new ArrayList<>();
    new ObjectMapper().readerFor(JsonNode.class).readValues(collect.out()).forEachRemaining(n -> reports.add((JsonNode) n));
    assertThat(reports).hasSize(2);
    JsonNode quarantine = reports.get(0).get("counters");
    JsonNode purge = reports.get(1).get("counters");
    assertThat(quarantine.get("quarantined").asLong()).isEqualTo(orphans.size());
    assertThat(purge.get("quarantined").asLong()).isZero();
    assertThat(purge.get("purged").asLong()).isEqualTo(orphans.size());
    assertThat(StoreState.files(storeRoot).keySet()).doesNotContainAnyElementsOf(orphans);
    assertLiveFilesUntouched();
  }
}
