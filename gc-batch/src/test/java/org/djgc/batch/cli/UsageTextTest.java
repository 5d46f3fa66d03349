package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.batch.job.support.JobDescriptor;
import org.junit.jupiter.api.Test;

/**
 * {@code --help} is checked against the parser (issue 12): every option the command line takes is
 * in the usage text, every {@code --option} the text names is one the parser takes, and every job
 * the catalog knows is listed, in its order; an option added to one and not the other fails here.
 */
class UsageTextTest {
  private static final Pattern OPTION = Pattern.compile("--([a-z][a-z-]*)(?![.\\w])");

  @Test
  void theUsageTextNamesExactlyTheOptionsTheParserTakes() {
    Set<String> taken = new TreeSet<>(CommandLine.COMMON_OPTIONS);
    taken.addAll(CommandLine.WORKER_OPTIONS);
    taken.addAll(CommandLine.RESTART_OPTIONS);
    JobCatalog.ALL.forEach(job -> taken.addAll(job.options()));

    Set<String> named = new TreeSet<>();
    Matcher matcher = OPTION.matcher(Usage.TEXT);
    while (matcher.find()) {
      named.add(matcher.group(1));
    }

    assertThat(named).isEqualTo(taken);
  }

  @Test
  void theUsageTextListsEveryJobOnceInTheCatalogsOrder() {
    List<String> listed = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?m)^  ([a-z]+) +\\S").matcher(Usage.TEXT.substring(Usage.TEXT.indexOf("Jobs:"),
        Usage.TEXT.indexOf("Options:")));
    while (matcher.find()) {
      listed.add(matcher.group(1));
    }
    assertThat(listed).isEqualTo(JobCatalog.ALL.stream().map(JobDescriptor::name).toList());
  }

  @Test
  void everyJobIsAcceptedByTheParserAndEveryOtherNameIsRefusedListingThem() {
    for (JobDescriptor job : JobCatalog.ALL) {
      String[] args = job.needsSchemas() ? new String[] {"--job=" + job.name(), "--all-schemas"}
          : job.name().equals("trace") ? new String[] {"--job=trace", "--path=p"}
          : job.name().equals("restore") ? new String[] {"--job=restore", "--path=p"}
          : new String[] {"--job=" + job.name()};
      assertThat(CommandLine.parse(args).job()).isEqualTo(job.name());
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLine.parse(new String[] {"--job=purgee"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("Unknown job 'purgee'; did you mean purge? (one of collect, history,"
            + " purge, quarantine, report, restore, stats, trace, verify)");
  }

  @Test
  void aMisspeltOptionIsRefusedNamingIt() {
    assertThat(CommandLine.parse(new String[] {"--help", "--execution-id-file=/tmp/x"}).help()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLine.parse(new String[] {"--job=report",
        "--all-schemas", "--excution-id-file=/tmp/x"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("--excution-id-file");
  }

  @Test
  void versionPrintsTheBuildJavaAndBackendsAndNothingElseRuns() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    ExitCode code = org.djgc.batch.GcBatchApplication.run(new String[] {"--version", "--job=purge"},
        new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).startsWith("dj-gc ").contains("(Java " + Runtime.version() + ")").hasLineCount(2);
    // the Hadoop backend is on this module's test class path, as the add-on puts it on the jar's
    assertThat(out.toString().lines().toList().get(1))
        .matches("storage backends: native \\(file, s3\\); hadoop add-on .+ \\(azure, gcs, hdfs, s3a\\)");
    assertThat(err.toString()).isEmpty();
  }
}
