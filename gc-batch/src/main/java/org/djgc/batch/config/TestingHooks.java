package org.djgc.batch.config;

import java.util.List;
import org.djgc.core.config.ConfigurationException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The test switch for {@code gc.testing.*} (spec §3.4): the hooks work only in a JVM started with
 * {@code -Ddjgc.testing=true}, which dj-gc's tests, {@code scripts/bench.sh} and drills pass.
 * Anywhere else a run that sets either key, in any spelling or source (option, environment
 * variable, application.yml), is refused with exit 2 before Spring creates a single bean: no
 * database connection, no ledger table, no job execution. A positive clock offset would otherwise
 * make purge delete before grace has passed.
 *
 * <p>The switch is read from the JVM's system properties only, never from Spring's environment, so
 * {@code --djgc.testing=true} or a {@code DJGC_TESTING} variable does not unlock anything.
 */
public final class TestingHooks {
  /** The system property that unlocks the hooks. */
  public static final String SWITCH = "djgc.testing";
  public static final String CLOCK_OFFSET = "gc.testing.clock-offset";
  public static final String CRASH_AT = "gc.testing.crash-at";

  private TestingHooks() {}

  /** Whether this JVM was started as a test or drill ({@code -Ddjgc.testing=true}). */
  public static boolean active() {
    return "true".equals(System.getProperty(SWITCH));
  }

  /** Refuses (exit 2) every testing key set in {@code environment} unless the switch is on. */
  public static void refuseUnlessActive(Environment environment) {
    if (active()) {
      return;
    }
    Binder binder = Binder.get(environment);
    for (String key : List.of(CLOCK_OFFSET, CRASH_AT)) {
      boolean set;
      try {
        set = binder.bind(key, Bindable.of(String.class)).isBound();
      } catch (RuntimeException e) {
        set = true;
      }
      if (set) {
        throw refusal(key);
      }
    }
  }

  /** A second line of defence where a hook is used: {@code set} without the switch is refused. */
  public static void check(String key, boolean set) {
    if (set && !active()) {
      throw refusal(key);
    }
  }

  private static ConfigurationException refusal(String key) {
    return new ConfigurationException(key + " is a test hook and is refused in this run: it is honoured only in a"
        + " JVM started with -D" + SWITCH + "=true (tests and drills). Remove " + key + "; nothing was changed");
  }
}
