package org.djgc.batch.interleaving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.ActionChain;

/**
 * Random interleavings of DataJoint's writers and dj-gc's runs on a local store and the test
 * MariaDB; the invariant is checked after every action ({@link ChainWorld#check()}). The number of
 * chains comes from {@code jqwik.tries.default} (CI: {@code src/test/resources/junit-platform.properties};
 * {@code scripts/soak.sh} raises it), the chain length from {@code djgc.interleavings.actions}.
 */
class LocalInterleavingTest {
  static final int ACTIONS = Integer.getInteger("djgc.interleavings.actions", 30);
  private final List<ChainWorld> worlds = new ArrayList<>();

  @Property
  void everyCommittedRowStaysReadableOrRestorable(@ForAll("chains") ActionChain<ChainWorld> chain) {
    ChainWorld world = chain.withInvariant("the invariant", ChainWorld::check).run();
    world.collectOutcomes();
    if (Boolean.getBoolean("djgc.interleavings.print")) {
      System.out.println(String.join("\n", world.scenario()));
    }
  }

  @Provide
  Arbitrary<ActionChain<ChainWorld>> chains() {
    return InterleavingChains.chains(() -> open(new LocalChainStore(temporary().resolve("store"))), ACTIONS);
  }

  private ChainWorld open(ChainStore store) {
    ChainWorld world = new ChainWorld(store, store.describeRoot().getParent());
    worlds.add(world);
    return world;
  }

  static Path temporary() {
    try {
      return Files.createTempDirectory("djgc-chain");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterTry
  void closeWorlds() {
    worlds.forEach(ChainWorld::close);
    worlds.clear();
  }

  @AfterContainer
  static void printSummary() {
    System.out.println(ChainStats.summary("local"));
  }
}
