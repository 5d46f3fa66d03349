package org.djgc.core.quarantine;

import java.time.Duration;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;

/**
 * Grace and minimum-age floors (gate G5). Grace must exceed the longest insert transaction plus
 * the longest purge run (spec §9): a day is the least that absorbs in-flight transactions and a
 * slow purge; seven days also covers a database point-in-time restore of the last week. Min-age
 * keeps in-flight uploads (written before their row commits) from ever being moved.
 */
public final class AgePolicy {
  /** Default grace: seven days. */
  public static final long DEFAULT_GRACE_SECONDS = 604_800;
  /** Grace floor: one day. */
  public static final long MIN_GRACE_SECONDS = 86_400;
  /** Min-age floor: one hour. */
  public static final Duration MIN_OBJECT_AGE_FLOOR = Duration.ofHours(1);

  private AgePolicy() {}

  /** Refuses a grace below its floor unless {@code allowUnsafe}. */
  public static void checkGrace(long graceSeconds, boolean allowUnsafe) {
    if (graceSeconds < 0 || (graceSeconds < MIN_GRACE_SECONDS && !allowUnsafe)) {
      throw new GcException(FailureCategory.SAFETY_GATE, "Invalid gc.grace-seconds: " + graceSeconds + " (minimum "
          + MIN_GRACE_SECONDS + "; set gc.allow-unsafe-ages=true to override)");
    }
  }

  /** Refuses a negative clock-skew margin: it would move the age cutoff past the minimum age. */
  public static void checkClockSkew(Duration clockSkew) {
    if (clockSkew.isNegative()) {
      throw new GcException(FailureCategory.SAFETY_GATE, "Invalid gc.clock-skew: " + clockSkew + " (must not be negative)");
    }
  }

  /** Refuses a minimum object age below its floor unless {@code allowUnsafe}. */
  public static void checkMinObjectAge(Duration minObjectAge, boolean allowUnsafe) {
    if (minObjectAge.isNegative() || (minObjectAge.compareTo(MIN_OBJECT_AGE_FLOOR) < 0 && !allowUnsafe)) {
      throw new GcException(FailureCategory.SAFETY_GATE, "Invalid gc.min-object-age: " + minObjectAge + " (minimum "
          + MIN_OBJECT_AGE_FLOOR + "; set gc.allow-unsafe-ages=true to override)");
    }
  }
}
