package org.djgc.batch.support;

/**
 * Thrown from a crash point to end a run in-process as {@code kill -9} would: the run makes no
 * further storage or ledger call. An {@link Error}, so no per-object {@code catch (Exception)}
 * records it; Spring Batch fails the step, and {@code ChainWorld} then rewrites the execution to
 * {@code STARTED}, as a killed process leaves it, so that {@code --restart} takes the killed path.
 */
public final class SimulatedKill extends Error {
  public SimulatedKill(String point) {
    super("simulated kill -9 at " + point, null, false, false);
  }
}
