package org.djgc.batch.job.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as epoch microseconds, for the execution context. */
public final class Micros {
  private Micros() {}

  public static long of(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
