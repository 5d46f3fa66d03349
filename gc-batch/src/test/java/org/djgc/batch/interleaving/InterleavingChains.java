package org.djgc.batch.interleaving;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * The actions of a chain and their weights: DataJoint's writers, dj-gc's runs (plain, raced,
 * killed, restarted, overlapped) and the clock. Every action is independent of the state it meets
 * (indices are taken modulo what exists), so jqwik can shrink a failing chain by dropping actions.
 */
final class InterleavingChains {
  static final List<String> QUARANTINE_POINTS = List.of("quarantine.selectCandidates.end",
      "quarantine.recoverInterrupted.end", "quarantine.afterLedgerInsert", "quarantine.afterMove",
      "quarantine.afterMark", "quarantine.moveToTrash.end", "quarantine.verifyReferences.start",
      "heal.afterMarkRestoring", "heal.afterMoveBack", "quarantine.verifyReferences.end");
  static final List<String> PURGE_POINTS = List.of("purge.discoverReferences.end", "purge.heal.start",
      "heal.afterMarkRestoring", "heal.afterMoveBack", "purge.heal.end", "purge.selectExpired.end",
      "purge.afterMarkPurging", "purge.afterDelete", "purge.deleteExpired.end", "restore.afterMarkRestoring",
      "restore.afterMoveBack");
  static final List<String> RESTORE_POINTS = List.of("restore.afterMarkRestoring", "restore.afterMoveBack",
      "restore.afterRestore");

  /** A writer action a race runs inside a dj-gc run. */
  enum Writer {
    INSERT_BLOB, INSERT_ORPHANED_BLOB, INSERT_OBJECT, INSERT_FOLDER, COMMIT_PENDING, DELETE_ROW
  }

  private InterleavingChains() {}

  static ActionChainArbitrary<ChainWorld> chains(Supplier<ChainWorld> world, int maxActions) {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
    Arbitrary<Integer> content = Arbitraries.integers().between(0, ChainWorld.CONTENTS.size() - 1);
    Arbitrary<Integer> hit = Arbitraries.integers().between(1, 3);
    return ActionChain.startWith(world)
        .withAction(4, act(w -> true, content, c -> "insert blob '" + ChainWorld.CONTENTS.get(c) + "'",
            ChainWorld::insertBlob))
        .withAction(2, act(w -> true, Arbitraries.just(0), c -> "dedup insert of an orphaned blob",
            (w, c) -> w.insertOrphanedBlob()))
        .withAction(2, act(w -> true, Arbitraries.just(0), c -> "insert object", (w, c) -> w.insertObject()))
        .withAction(1, act(w -> true, Arbitraries.just(0), c -> "insert folder", (w, c) -> w.insertFolder()))
        .withAction(2, act(w -> w.pendingCount() < 2,
            Arbitraries.integers().between(-2, ChainWorld.CONTENTS.size() - 1),
            c -> "begin insert " + (c == -1 ? "object" : c == -2 ? "folder"
                : "blob '" + ChainWorld.CONTENTS.get(c) + "'"),
            ChainWorld::beginInsert))
        .withAction(2, act(w -> w.pendingCount() > 0, index, k -> "commit open insert #" + k,
            ChainWorld::commitPending))
        .withAction(1, act(w -> w.pendingCount() > 0, index, k -> "roll back open insert #" + k,
            ChainWorld::rollbackPending))
        .withAction(4, act(w -> w.rowCount() > 0, index, k -> "delete row #" + k, ChainWorld::deleteRow))
        .withAction(3, act(w -> true, Arbitraries.of(1L, 12L, 26L, 26L, 72L, 192L, 192L), h -> "clock +" + h + "h",
            ChainWorld::advance))
        .withAction(2, act(w -> true, Arbitraries.just(0), x -> "quarantine", (w, x) -> w.run("quarantine")))
        .withAction(2, act(w -> true, Arbitraries.just(0), x -> "purge", (w, x) -> w.run("purge")))
        .withAction(1, act(w -> true, index, k -> "restore quarantined #" + k, ChainWorld::restoreOne))
        .withAction(1, act(w -> true, Arbitraries.just(0), x -> "verify", (w, x) -> w.run("verify")))
        .withAction(1, act(w -> true, Arbitraries.just(0), x -> "report", (w, x) -> w.run("report")))
        .withAction(3, races(hit, content, index))
        .withAction(2, kills(hit))
        .withAction(2, act(w -> w.killedCount() > 0, index, k -> "restart killed #" + k, ChainWorld::restart))
        .withAction(1, overlaps())
        .withMaxTransformations(maxActions);
  }

  private static Action.Independent<ChainWorld> races(Arbitrary<Integer> hit, Arbitrary<Integer> content,
      Arbitrary<Integer> index) {
    Arbitrary<String[]> jobAndPoint = Arbitraries.oneOf(
        Arbitraries.of(QUARANTINE_POINTS).map(p -> new String[] {"quarantine", p}),
        Arbitraries.of(PURGE_POINTS).map(p -> new String[] {"purge", p}));
    Arbitrary<Object[]> race = Combinators.combine(jobAndPoint, hit, Arbitraries.of(Writer.class), content, index)
        .as((jp, n, writer, c, k) -> new Object[] {jp[0], jp[1], n, writer, c, k});
    return act(w -> true, race, r -> r[0] + " raced at " + r[1] + "#" + r[2] + " by " + writerText((Writer) r[3],
        (int) r[4], (int) r[5]), (w, r) -> {
          Writer writer = (Writer) r[3];
          int c = (int) r[4];
          int k = (int) r[5];
          w.racedRun((String) r[0], (String) r[1], (int) r[2], writerText(writer, c, k), () -> {
            switch (writer) {
              case INSERT_BLOB -> w.insertBlob(c);
              case INSERT_ORPHANED_BLOB -> w.insertOrphanedBlob();
              case INSERT_OBJECT -> w.insertObject();
              case INSERT_FOLDER -> w.insertFolder();
              case COMMIT_PENDING -> {
                if (w.pendingCount() > 0) {
                  w.commitPending(k);
                }
              }
              case DELETE_ROW -> {
                if (w.rowCount() > 0) {
                  w.deleteRow(k);
                }
              }
            }
          });
        });
  }

  private static String writerText(Writer writer, int content, int k) {
    return switch (writer) {
      case INSERT_BLOB -> "insert blob '" + ChainWorld.CONTENTS.get(content) + "'";
      case INSERT_ORPHANED_BLOB -> "dedup insert of an orphaned blob";
      case INSERT_OBJECT -> "insert object";
      case INSERT_FOLDER -> "insert folder";
      case COMMIT_PENDING -> "commit open insert #" + k;
      case DELETE_ROW -> "delete row #" + k;
    };
  }

  private static Action.Independent<ChainWorld> kills(Arbitrary<Integer> hit) {
    Arbitrary<String[]> jobAndPoint = Arbitraries.oneOf(
        Arbitraries.of(QUARANTINE_POINTS).map(p -> new String[] {"quarantine", p}),
        Arbitraries.of(PURGE_POINTS).map(p -> new String[] {"purge", p}),
        Arbitraries.of(RESTORE_POINTS).map(p -> new String[] {"restore", p}));
    Arbitrary<Object[]> kill = Combinators.combine(jobAndPoint, hit).as((jp, n) -> new Object[] {jp[0], jp[1], n});
    return act(w -> true, kill, k -> k[0] + " killed at " + k[1] + "#" + k[2],
        (w, k) -> w.killedRun((String) k[0], (String) k[1], (int) k[2]));
  }

  private static Action.Independent<ChainWorld> overlaps() {
    Arbitrary<String[]> overlap = Combinators.combine(
        Arbitraries.oneOf(Arbitraries.of(QUARANTINE_POINTS).map(p -> new String[] {"quarantine", p}),
            Arbitraries.of(PURGE_POINTS).map(p -> new String[] {"purge", p})),
        Arbitraries.of("quarantine", "purge", "restore", "report"))
        .as((jp, second) -> new String[] {jp[0], jp[1], second});
    return act(w -> true, overlap, o -> o[0] + " overlapped at " + o[1] + " by a second " + o[2],
        (w, o) -> w.overlappedRun(o[0], o[1], o[2]));
  }

  /** An action with a generated parameter, a precondition and a description naming the parameter. */
  private static <T> Action.Independent<ChainWorld> act(Predicate<ChainWorld> when, Arbitrary<T> parameters,
      Function<T, String> describe, BiConsumer<ChainWorld, T> body) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(ChainWorld state) {
        return when.test(state);
      }

      @Override
      public Arbitrary<Transformer<ChainWorld>> transformer() {
        return parameters.map(p -> Transformer.mutate(describe.apply(p), w -> {
          ChainStats.ACTIONS.incrementAndGet();
          body.accept(w, p);
        }));
      }
    };
  }
}
