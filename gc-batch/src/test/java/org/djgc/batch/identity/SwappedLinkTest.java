package org.djgc.batch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.djgc.batch.cli.ExitCode;
import org.djgc.batch.cycle.CycleTestBase;
import org.djgc.batch.job.support.CrashPoints;
import org.djgc.batch.support.DjConfigFile;
import org.djgc.batch.support.GcCli;
import org.djgc.batch.support.StoreState;
import org.junit.jupiter.api.Test;

/**
 * A store configured through a symbolic link whose target changes during a run: the run holds the
 * lock of the place it started on, so a step that would open another place stops (exit 5) before
 * touching it; the other place is left as it was, and the run converges once the link is back.
 */
class SwappedLinkTest extends CycleTestBase {
  @Test
  void aRunWhoseStoreLinkIsSwappedStopsBeforeTouchingTheOtherPlace() throws Exception {
    // given: the pipeline's store reached through a link, and another directory with the same files
    pipeline();
    Path other = tmp.resolve("other");
    for (Map.Entry<String, Long> file : StoreState.files(storeRoot).entrySet()) {
      Path copy = other.resolve(file.getKey());
      Files.createDirectories(copy.getParent());
      Files.copy(storeRoot.resolve(file.getKey()), copy);
    }
    Map<String, Long> otherBefore = StoreState.files(other);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), storeRoot);
    Path config = DjConfigFile.forDatabase(db).fileStore(STORE, link, Map.of()).writeTo(tmp.resolve("linked"));
    CrashPoints.onNextReach("quarantine.afterMark", () -> swap(link, other));

    // when: the link moves to the other directory after the first chunk was moved
    GcCli.Result swapped = quarantine(config);

    // then: stopped (restartable), and nothing in the other directory was touched
    assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(ExitCode.FAILED);
    assertThat(swapped.err()).contains("no longer the place its lock was taken for");
    assertThat(StoreState.files(other)).isEqualTo(otherBefore);
    assertLiveFilesUntouched();

    // and with the link back, the next run converges on the original place
    swap(link, storeRoot);
    GcCli.Result again = quarantine(config);
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
    assertThat(StoreState.trash(storeRoot).keySet()).containsExactlyInAnyOrderElementsOf(orphans);
    assertThat(StoreState.files(other)).isEqualTo(otherBefore);
    assertLiveFilesUntouched();
  }

  private GcCli.Result quarantine(Path config) {
    return GcCli.run("--job=quarantine", "--store=" + STORE, "--schema=" + A, "--format=json", "--dj-config=" + config,
        "--gc.work-dir=" + tmp.resolve("work"), "--gc.testing.clock-offset=P2D", "--gc.chunk-size=2",
        "--gc.max-candidate-fraction=1");
  }

  private static void swap(Path link, Path target) {
    try {
      Path next = link.resolveSibling("link.next");
      Files.deleteIfExists(next);
      Files.createSymbolicLink(next, target);
      Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
