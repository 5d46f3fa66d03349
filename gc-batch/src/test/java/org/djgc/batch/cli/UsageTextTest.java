package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --help} is checked against the parser (issue 12): every option the command line takes is
 * in the usage text, every {@code --option} the text names is one the parser takes, and every job
 * the parser knows is listed; an option added to one and not the other fails here.
 */
class UsageTextTest {
  private static final Pattern OPTION = Pattern.compile("--([a-z][a-z-]*)(?![.\\w])");

  @Test
  void theUsageTextNamesExactlyTheOptionsTheParserTakes() {
    Set<String> taken = new TreeSet<>(CommandLine.COMMON_OPTIONS);
    taken.addAll(CommandLine.WORKER_OPTIONS);
    taken.addAll(CommandLine.RESTART_OPTIONS);
    CommandLine.JOB_OPTIONS.values().forEach(taken::addAll);

    Set<String> named = new TreeSet<>();
    Matcher matcher = OPTION.matcher(Usage.TEXT);
    while (matcher.find()) {
      named.add(matcher.group(1));
    }

    assertThat(named).isEqualTo(taken);
  }

  @Test
  void theUsageTextListsEveryJob() {
    for (String job : CommandLine.JOBS) {
      assertThat(Usage.TEXT).as(job).containsPattern("(?m)^\\s{2}" + job + "\\s");
    }
  }

  @Test
  void aMisspeltOptionIsRefusedNamingIt() {
    assertThat(CommandLine.parse(new String[] {"--help", "--execution-id-file=/tmp/x"}).help()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLine.parse(new String[] {"--job=report",
        "--all-schemas", "--excution-id-file=/tmp/x"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("--excution-id-file");
  }
}
