package org.djgc.batch.interleaving;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.ActionChain;

/**
 * The base of the local and S3 properties: runs chains with the invariant after every action,
 * closes their worlds after each try, and at the end drops the schema and prints the counters.
 */
abstract class ChainProperty {
  private final List<ChainWorld> worlds = new ArrayList<>();

  /** Which store the chains use, for the summary line ({@code local} or {@code s3}). */
  private static volatile String kind = "local";

  /** A world for a new chain, closed by {@link #closeWorlds()}. */
  ChainWorld open(Supplier<ChainWorld> world) {
    ChainStats.refuseAfterShrinkingBound();
    ChainWorld opened = world.get();
    kind = opened.storeKind();
    ChainStats.TRIES.incrementAndGet();
    worlds.add(opened);
    return opened;
  }

  /**
   * Runs one chain. A failure is marked for the shrink bound ({@link ChainStats#refuseAfterShrinkingBound});
   * an exception that is not a violation gets the scenario that led to it.
   */
  void run(ActionChain<ChainWorld> chain) {
    try {
      ChainWorld world = chain.withInvariant("the invariant", ChainWorld::check).run();
      world.collectOutcomes();
      if (Boolean.getBoolean("djgc.interleavings.print")) {
        System.out.println(String.join("\n", world.scenario()));
      }
    } catch (AssertionError e) {
      ChainStats.VIOLATIONS.incrementAndGet();
      ChainStats.failed();
      throw e;
    } catch (RuntimeException e) {
      ChainStats.VIOLATIONS.incrementAndGet();
      ChainStats.failed();
      String scenario = worlds.isEmpty() ? "(no world)" : String.join("\n", worlds.get(worlds.size() - 1).scenario());
      throw new AssertionError("the chain failed: " + e + "\nscenario:\n" + scenario, e);
    }
  }

  @AfterTry
  void closeWorlds() {
    worlds.forEach(ChainWorld::close);
    worlds.clear();
  }

  @AfterContainer
  static void finish() {
    ChainWorld.dropSchema();
    System.out.println(ChainStats.summary(kind));
    ChainStats.reset();
  }
}
