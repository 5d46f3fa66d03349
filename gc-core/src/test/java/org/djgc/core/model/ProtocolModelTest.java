package org.djgc.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, part 1: the Promela model of the protocol (docs/model/gc.pml) verifies with spin, and each
 * seeded-bug variant still produces a counter-example. A missing spin is a failure, never a skip.
 */
class ProtocolModelTest {
  private static final Pattern RESULT =
      Pattern.compile("model-check\\.sh: ([a-z-]+): states=\\S+ depth=\\S+ errors=(\\d+) .*-> (.*)");

  @Test
  void modelVerifiesAndEverySeededBugGivesATrail(@TempDir Path work) throws Exception {
    // given spin and gcc on the PATH, and the repository's checker
    for (String tool : new String[] {"spin", "gcc"}) {
      if (!onPath(tool)) {
        fail(tool + " is not installed: run scripts/services.sh as root (it installs spin and gcc)");
      }
    }
    Path script = repositoryRoot().resolve("scripts/model-check.sh");

    // when
    Process process =
        new ProcessBuilder("bash", script.toString(), work.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);

    // then
    assertThat(finished).as("model-check.sh finished within 5 minutes").isTrue();
    assertThat(errorsOf(output, "model")).as(output).isZero();
    for (String mutant :
        new String[] {"mutant-one-pass", "mutant-no-fresh-snap", "mutant-grace-le-d", "mutant-stale-exists"}) {
      assertThat(errorsOf(output, mutant)).as(mutant + "\n" + output).isPositive();
      assertThat(work.resolve(mutant).resolve("gc.pml.trail")).as(mutant + " trail").exists();
    }
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static int errorsOf(String output, String run) {
    Matcher matcher = RESULT.matcher(output);
    while (matcher.find()) {
      if (matcher.group(1).equals(run)) {
        assertThat(matcher.group(3)).as(run + ": " + matcher.group(0)).isEqualTo("ok");
        return Integer.parseInt(matcher.group(2));
      }
    }
    return fail("no result line for " + run + " in:\n" + output);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Path repositoryRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/model-check.sh"))) {
        return dir;
      }
    }
    throw new IOException("scripts/model-check.sh not found above " + Path.of("").toAbsolutePath());
  }
}
