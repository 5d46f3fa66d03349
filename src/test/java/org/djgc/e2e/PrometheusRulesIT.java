package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in jobs/prometheus are valid Prometheus rules, and their unit tests (failed,
 * refused and per-object-error runs, nothing purged for 14 days, a growing trash) pass under
 * Prometheus' own {@code promtool} (Debian package prometheus; scripts/services.sh installs it).
 * That the series they name are the ones dj-gc writes is {@code RunMetricsTest}'s part; the
 * dashboard is checked there too.
 */
class PrometheusRulesIT {
  private static final Path RULES = Path.of(System.getProperty("gc.repo.root", "."), "jobs", "prometheus")
      .toAbsolutePath().normalize();

  @Test
  void theRulesAreValidAndTheirUnitTestsPass() throws Exception {
    String check = promtool("check", "rules", "dj-gc.rules.yml");
    assertThat(check).contains("SUCCESS: 5 rules found");
    String test = promtool("test", "rules", "dj-gc.rules.test.yml");
    assertThat(test).contains("SUCCESS");
  }

  @Test
  void aRuleThatNoLongerFiresFailsItsUnitTest(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    // given: the rules with the failed-run threshold broken
    Files.writeString(tmp.resolve("dj-gc.rules.yml"), Files.readString(RULES.resolve("dj-gc.rules.yml"))
        .replace("djgc_run_exit_code == 5", "djgc_run_exit_code == 6"));
    Files.copy(RULES.resolve("dj-gc.rules.test.yml"), tmp.resolve("dj-gc.rules.test.yml"));

    // when / then
    Process process = new ProcessBuilder("promtool", "test", "rules", "dj-gc.rules.test.yml").directory(tmp.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).contains("DjGcRunFailed");
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
