package org.djgc.batch.interleaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chains' invariant check can fail: the race two-phase GC exists for (a deduplicating insert
 * that saw the file, committing after the collector's snapshot) is caught when upstream's one-pass
 * collector runs, and survives dj-gc's quarantine and purge in the same order of events.
 */
class InvariantCheckTest {
  /** 'gamma': its seeded row is deleted, so its file is an orphan two days old. */
  private static final int ORPHANED_CONTENT = 2;

  @TempDir Path tmp;
  private ChainWorld world;

  @AfterEach
  void close() {
    if (world != null) {
      world.close();
    }
    ChainWorld.dropSchema();
  }

  @Test
  void upstreamsOnePassCollectorLosesTheFileOfARowThatCommitsLate() {
    // given: a dedup insert saw the orphan present and has not committed yet
    world = new ChainWorld(new LocalChainStore(tmp.resolve("world/store")), tmp.resolve("world"));
    world.beginInsert(ORPHANED_CONTENT);

    // when: upstream's collector runs, then the insert commits
    world.upstreamCollect();
    world.commitPending(0);

    // then
    assertThatThrownBy(world::check).isInstanceOf(AssertionError.class)
        .hasMessageContaining("references " + ChainWorld.hashPathOf(ORPHANED_CONTENT))
        .hasMessageContaining("neither readable at its path nor restorable from the trash")
        .hasMessageContaining("upstream's one-pass collector deleted");
  }

  @Test
  void djGcQuarantinesTheSameFileRestorablyAndThePurgeHealsIt() {
    // given
    world = new ChainWorld(new LocalChainStore(tmp.resolve("world/store")), tmp.resolve("world"));
    world.beginInsert(ORPHANED_CONTENT);

    // when: quarantine moves the orphan (its row is not committed), then the insert commits
    world.run("quarantine");
    assertThat(world.isReadable(ChainWorld.hashPathOf(ORPHANED_CONTENT))).isFalse();
    world.commitPending(0);

    // then: inside the window the file is restorable; the next purge, past grace, heals it
    world.check();
    world.advance(8 * 24);
    world.run("purge");
    world.check();
    assertThat(world.isReadable(ChainWorld.hashPathOf(ORPHANED_CONTENT))).isTrue();
  }
}
