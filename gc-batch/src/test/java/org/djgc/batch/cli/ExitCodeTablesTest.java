package org.djgc.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit codes are a contract with every scheduler (issue 12: they are written out in six places
 * for six audiences). Each copy must list exactly the codes of {@link ExitCode}, in order, each
 * saying what its constant means; a code added, renumbered or described as something else in one
 * copy fails here.
 */
class ExitCodeTablesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** What each code's line must say, in any of the copies' wordings. */
  private static final Map<ExitCode, Pattern> MEANS = Map.of(
      ExitCode.OK, Pattern.compile("(?i)\\bdone\\b"),
      ExitCode.OBJECT_ERRORS, Pattern.compile("(?i)per-object errors"),
      ExitCode.USAGE, Pattern.compile("(?i)usage or configuration error"),
      ExitCode.REFUSED, Pattern.compile("(?i)refused by a safety gate"),
      ExitCode.LOCKED, Pattern.compile("(?i)holds the (store's )?lock"),
      ExitCode.FAILED, Pattern.compile("(?i)fail.*restart|restart.*fail"));

  static Stream<Arguments> copies() {
    return Stream.of(
        Arguments.of("README.md", "### Exit codes", "^\\| (\\d) \\|(.*)$"),
        Arguments.of("docs/spec/cli.md", "| Code | Meaning | Sources |", "^\\| (\\d) \\|(.*)$"),
        Arguments.of("jobs/README.md", "| code | meaning | what the schedulers do |", "^\\| (\\d) \\|(.*)$"),
        Arguments.of("jobs/cron/dj-gc-run.sh", "# Exit status:", "^#\\s+(\\d)\\s+(.*)$"),
        Arguments.of("jobs/airflow/dj_gc_runner.py", "====  ====", "^(\\d)\\s{2,}(.*)$"),
        Arguments.of("gc-batch/src/main/java/org/djgc/batch/cli/Usage.java", "Exit codes:",
            "(?:^|\\s{2,})(\\d)  (.+?)(?=\\s{3,}\\d  |$)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("copies")
  void everyCopyListsTheCodesOfExitCodeWithTheirMeaning(String file, String start, String row) throws IOException {
    Map<Integer, String> listed = table(ROOT.resolve(file), start, Pattern.compile(row, Pattern.MULTILINE));
    assertThat(listed.keySet()).as(file).containsExactly(
        Stream.of(ExitCode.values()).map(ExitCode::code).toArray(Integer[]::new));
    for (ExitCode code : ExitCode.values()) {
      assertThat(listed.get(code.code())).as("%s, exit %d (%s)", file, code.code(), code)
          .containsPattern(MEANS.get(code));
    }
  }

  /** The rows of the first table after {@code start}: code → the rest of its line. */
  private static Map<Integer, String> table(Path file, String start, Pattern row) throws IOException {
    String text = Files.readString(file);
    int at = text.indexOf(start);
    assertThat(at).as("%s has its exit-code table after '%s'", file, start).isNotNegative();
    Map<Integer, String> rows = new LinkedHashMap<>();
    List<String> lines = text.substring(at).lines().skip(1).toList();
    boolean begun = false;
    for (String line : lines) {
      Matcher matcher = row.matcher(line);
      boolean found = false;
      while (matcher.find()) {
        found = true;
        rows.putIfAbsent(Integer.parseInt(matcher.group(1)), matcher.group(2));
      }
      if (found) {
        begun = true;
      } else if (begun && !line.isBlank() && !line.matches("^\\s*(#\\s{4,}|\\s{6,}).*")) {
        break; // the table ended (continuation lines of a row are indented)
      }
    }
    return rows;
  }
}
