package org.djgc.batch.interleaving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;

/**
 * Random interleavings of DataJoint's writers and dj-gc's runs on a local store and the test
 * MariaDB; the invariant is checked after every action ({@link ChainWorld#check()}). The number of
 * chains comes from {@code jqwik.tries.default} (CI: {@code src/test/resources/junit-platform.properties};
 * {@code scripts/soak.sh} raises it), the chain length from {@code djgc.interleavings.actions}.
 */
class LocalInterleavingTest extends ChainProperty {
  static final int ACTIONS = Integer.getInteger("djgc.interleavings.actions", 30);

  @Property
  void everyCommittedRowStaysReadableOrRestorable(@ForAll("chains") ActionChain<ChainWorld> chain) {
    run(chain);
  }

  @Provide
  Arbitrary<ActionChain<ChainWorld>> chains() {
    return InterleavingChains.chains(() -> open(() -> {
      Path work = temporary();
      return new ChainWorld(new LocalChainStore(work.resolve("store")), work);
    }), ACTIONS);
  }

  static Path temporary() {
    try {
      return Files.createTempDirectory("djgc-chain");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
