package org.djgc.batch.interleaving;

import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;

/**
 * The interleaving chains of {@link LocalInterleavingTest} on the S3 backend (an in-process S3Proxy
 * per chain): fewer, longer chains, since every object costs several requests and the seeded files
 * cannot be backdated. Uploads are stamped with the server's time, so only deduplicating inserts stay
 * open across a clock advance.
 */
class S3InterleavingTest extends ChainProperty {
  static final int ACTIONS = Integer.getInteger("djgc.interleavings.s3-actions", 40);
  @Property(tries = 3)
  void everyCommittedRowStaysReadableOrRestorable(@ForAll("chains") ActionChain<ChainWorld> chain) {
    run(chain);
  }

  @Provide
  Arbitrary<ActionChain<ChainWorld>> chains() {
    return InterleavingChains.chains(() -> open(() -> {
      Path work = LocalInterleavingTest.temporary();
      return new ChainWorld(new S3ChainStore(work.resolve("s3")), work);
    }), ACTIONS);
  }
}
