package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.ReportJson;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/** Operator restore (incl. conflicts), verify drift and ledger rebuild, and the deprecated collect. */
public class RestoreVerifyCollectTest extends CycleTestBase {

  private String orphanFile() {
    return orphans.stream().filter(p -> p.endsWith(".dat")).findFirst().orElseThrow();
  }

  @Test
  void restoreByPathMovesTheFileBack() throws Exception {
    pipeline();
    ok("quarantine", "P2D");

    var result = ok("restore", "P2D", "--path=" + orphanFile());

    assertThat(fx.exists(orphanFile())).isTrue();
    assertThat(ledger()).containsEntry(orphanFile(), "RESTORED/OPERATOR");
    assertThat(result.out()).contains("\"restored_operator\" : 1");
    assertThat(StoreState.trash(storeRoot)).hasSize(orphans.size() - 1);
  }

  @Test
  void restoreByUnitPathTakesAWholeDirectoryObjectAndGlobsSelectToo() {
    pipeline();
    ok("quarantine", "P2D");
    String unit = orphans.stream().filter(p -> p.endsWith("folder_fold0001.manifest.json")).findFirst().orElseThrow()
        .replace(".manifest.json", "");

    ok("restore", "P2D", "--path=" + unit);
    ok("restore", "P2D", "--glob=_hash/**");

    Set<String> folder = Set.of(orphans.stream().filter(p -> p.contains("folder_fold0001")).toArray(String[]::new));
    assertThat(folder).hasSize(3);
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(folder);
    assertThat(StoreState.trash(storeRoot).keySet()).doesNotContainAnyElementsOf(folder);
    assertThat(StoreState.trash(storeRoot).keySet()).noneMatch(p -> p.startsWith("_hash/"));
    assertThat(StoreState.trash(storeRoot)).hasSize(orphans.size() - 4);
  }

  @Test
  void restoreNeverOverwritesOtherContentAndReportsAConflict() throws Exception {
    // given: quarantined, then something else written at the original path
    pipeline();
    ok("quarantine", "P2D");
    fx.write(orphanFile(), bytes("someone else's bytes"));

    // when
    var conflict = run("restore", "P2D", "--path=" + orphanFile());

    // then: exit 1, both kept, ledger CONFLICT
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(conflict.out()).contains("CONFLICT " + orphanFile());
    assertThat(Files.readString(storeRoot.resolve(orphanFile()))).isEqualTo("someone else's bytes");
    assertThat(StoreState.trash(storeRoot)).containsKey(orphanFile());
    assertThat(ledger()).containsEntry(orphanFile(), "CONFLICT/OPERATOR");

    // when the occupant is cleared, a retry restores it
    Files.delete(storeRoot.resolve(orphanFile()));
    ok("restore", "P2D", "--path=" + orphanFile());
    assertThat(Files.readString(storeRoot.resolve(orphanFile()))).startsWith("file 1");
    assertThat(ledger()).containsEntry(orphanFile(), "RESTORED/OPERATOR");
  }

  @Test
  void verifyReportsDriftAndRebuildRepairsTheLedger() throws Exception {
    // given: quarantined; then one trash copy vanishes and the ledger loses a row
    pipeline();
    ok("quarantine", "P2D");
    String vanished = orphanFile();
    Files.delete(storeRoot.resolve(StoreState.trash(storeRoot).get(vanished)));
    String forgotten = orphans.stream().filter(p -> p.endsWith(".npy")).findFirst().orElseThrow();
    metadata.execute("DELETE FROM datajoint_gc.gc_quarantine WHERE store = 'local' AND original_path = '" + forgotten + "'");
    Path foreign = storeRoot.resolve("_trash/not-a-run/stray.bin");
    Files.createDirectories(foreign.getParent());
    Files.writeString(foreign, "stray");

    // when
    var drift = job("verify");

    // then
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(ExitCode.OBJECT_ERRORS);
    assertThat(drift.out()).contains("MISSING", vanished, "UNTRACKED", forgotten, "FOREIGN", "not-a-run/stray.bin");

    // when rebuilt
    var rebuilt = job("verify", "--rebuild-ledger");

    // then: the untracked file has a QUARANTINED row again, the vanished one is MISSING, the stray is untouched
    assertThat(rebuilt.out()).contains("\"rebuilt\" : 1");
    assertThat(ledger()).containsEntry(forgotten, "QUARANTINED").containsEntry(vanished, "MISSING");
    assertThat(Files.exists(foreign)).isTrue();
  }

  @Test
  void collectDryRunIsTheReportAndARealCollectDeletesExactlyItsOrphans() {
    pipeline();

    // dry run (the default): a report, with a deprecation warning
    var dry = run("collect", "P2D");
    assertThat(dry.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(dry.err()).contains("deprecated");
    assertThat(ReportJson.parse(dry.out()).orphanPaths()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(StoreState.files(storeRoot).keySet()).containsAll(orphans);

    // a real collect: quarantine, then purge of that run with grace 0
    var real = run("collect", "P2D", "--dry-run=false");
    assertThat(real.exitCode()).as(real.toString()).isEqualTo(ExitCode.OK);
    assertThat(real.err()).contains("deprecated");
    assertThat(StoreState.files(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(live);
    assertThat(ledger()).hasSize(orphans.size()).allSatisfy((p, s) -> assertThat(s).isEqualTo("PURGED"));
  }

  @Test
  void statsCountsTheLedger() {
    pipeline();
    ok("quarantine", "P2D");
    var stats = job("stats", "--gc.testing.clock-offset=P2D");
    assertThat(stats.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(stats.out()).contains("\"quarantined\"", "\"count\" : " + orphans.size(), "\"due_now\" : 0",
        "next_due_at");
  }
}
