package org.djgc.batch.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.support.GcCli;
import org.junit.jupiter.api.Test;

/**
 * Found by the interleaving soak (issue 9): a purge killed after deleting a trash copy leaves its
 * row {@code PURGING} without a copy, which the next purge records {@code PURGED}. {@code verify}
 * called that drift ({@code MISSING}, exit 1), and {@code --rebuild-ledger} would have marked the
 * row {@code MISSING}, so the next purge could not finish it. It is an interrupted purge, not drift.
 */
class VerifyAfterKilledPurgeTest extends CycleTestBase {

  @Test
  void aPurgeKilledAfterItsDeleteIsNotDriftAndTheNextPurgeFinishesIt() throws Exception {
    // given: quarantined, then a purge past grace killed right after its first delete
    pipeline();
    ok("quarantine", "P2D");
    killAt("purge.afterDelete");
    GcCli.Result killed = run("purge", "P10D");
    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(ledger().values()).contains("PURGING");

    // when / then: verify finds no drift, and with --rebuild-ledger changes nothing
    ok("verify", "P10D");
    ok("verify", "P10D", "--rebuild-ledger");
    assertThat(ledger().values()).contains("PURGING").doesNotContain("MISSING");

    // and: the next purge finishes the row
    ok("purge", "P11D");
    assertThat(ledger().values()).doesNotContain("PURGING", "MISSING");
    assertThat(ledger().values()).filteredOn(s -> s.equals("PURGED")).hasSize(orphans.size());
    assertLiveFilesUntouched();
  }
}
