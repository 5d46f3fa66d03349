package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.djgc.batch.GcBatchApplication;
import org.junit.jupiter.api.Test;

/**
 * The conventional command line (issue 13): the job as a subcommand, {@code -h}, {@code --name
 * value}, "did you mean" for typos, a bare call's usage, and per-job help; the scheduler form
 * {@code --job=NAME --opt=value} unchanged.
 */
class ArgumentsTest {
  @Test
  void theSubcommandAndSpaceSeparatedFormsBecomeTheSchedulerForm() {
    assertThat(Arguments.normalize(new String[] {"purge", "--store", "main", "--schema", "lab", "--force",
        "--gc.grace-seconds", "100", "--dry-run", "false"}))
        .containsExactly("--job=purge", "--store=main", "--schema=lab", "--force", "--gc.grace-seconds=100",
            "--dry-run=false");
    assertThat(Arguments.normalize(new String[] {"-h"})).containsExactly("--help");
    String[] scheduler = {"--job=purge", "--store=main", "--schema=lab", "--force", "--metrics-file=/x.prom"};
    assertThat(Arguments.normalize(scheduler)).containsExactly(scheduler);
  }

  @Test
  void aSpaceSeparatedLineMeansWhatItsSchedulerFormMeans() {
    CommandLine spaced = CommandLine.parse(Arguments.normalize(new String[] {"quarantine", "--store", "main",
        "--schema", "lab", "--schema", "ephys", "--force"}));
    CommandLine scheduler = CommandLine.parse(new String[] {"--job=quarantine", "--store=main", "--schema=lab",
        "--schema=ephys", "--force"});
    assertThat(spaced).isEqualTo(scheduler);
  }

  @Test
  void aTypoIsNamedWithTheNearestOptionOrJob() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--job=report", "--schmea=lab"}))
        .hasMessageContaining("Unknown option --schmea; did you mean --schema?");
    assertThatThrownBy(() -> CommandLine.parse(Arguments.normalize(new String[] {"purg", "--schema=lab"})))
        .hasMessageContaining("Unknown job 'purg'; did you mean purge?");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--job=report", "--frobnicate"}))
        .hasMessage("Unknown option --frobnicate (see --help)");
  }

  @Test
  void aBareCallPrintsUsageAndExitsTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitCode code = GcBatchApplication.run(new String[0], new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("dj-gc: transaction-safe garbage collection")
        .contains("Exit codes:");
  }

  @Test
  void aJobsHelpListsTheOptionsItTakes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitCode code = GcBatchApplication.run(new String[] {"purge", "--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String purge = out.toString(StandardCharsets.UTF_8);

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(purge).startsWith("dj-gc purge: ").contains("java -jar gc-batch.jar purge [--store=NAME]",
        "--schema=S", "--force", "--remote-partitions=N", "--run-key=K", "--metrics-file=PATH")
        .doesNotContain("--rebuild-ledger", "--path=P", "--limit=N", "Exit codes:");
    assertThat(Usage.forJob("restore")).contains("--path=P --glob=G").doesNotContain("--force ");
    assertThat(Usage.forJob("verify")).contains("--rebuild-ledger");
    assertThat(Usage.forJob("nojob")).isEqualTo(Usage.TEXT);
  }

  @Test
  void everyOptionTheParserTakesIsKnownAsAFlagOrAsTakingAValue() {
    java.util.Set<String> taken = new java.util.TreeSet<>(CommandLine.COMMON_OPTIONS);
    taken.addAll(CommandLine.WORKER_OPTIONS);
    taken.addAll(CommandLine.RESTART_OPTIONS);
    JobCatalog.ALL.forEach(job -> taken.addAll(job.options()));
    java.util.Set<String> known = new java.util.TreeSet<>(Arguments.FLAGS);
    known.addAll(Arguments.VALUED);
    assertThat(known).isEqualTo(taken);
    assertThat(Arguments.FLAGS).doesNotContainAnyElementsOf(Arguments.VALUED);
  }
}
