package org.djgc.batch.job.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.TestingHooks;
import org.springframework.stereotype.Component;

/**
 * Named points where a test can make the process die as under {@code kill -9}
 * ({@code gc.testing.crash-at=point[:n]} halts the JVM the n-th time {@code point} is reached,
 * without shutdown hooks, so connections drop and locks are released by the server). The setting
 * is honoured in test JVMs only ({@link TestingHooks}).
 */
@Component
public class CrashPoints {
  private final String point;
  private final int hit;
  private final AtomicInteger hits = new AtomicInteger();

  public CrashPoints(GcProperties properties) {
    String spec = properties.testing().crashAt();
    TestingHooks.check(TestingHooks.CRASH_AT, spec != null && !spec.isBlank());
    if (spec == null || spec.isBlank()) {
      point = null;
      hit = 0;
    } else {
      int colon = spec.indexOf(':');
      point = colon < 0 ? spec : spec.substring(0, colon);
      hit = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
    }
  }

  private static final java.util.Map<String, Hook> HOOKS = new java.util.concurrent.ConcurrentHashMap<>();

  private record Hook(Runnable action, boolean once) {}

  /**
   * In-process tests only: runs {@code action} (once) when {@code point} is next reached, e.g. to
   * commit a racing insert between a run's discovery and its moves.
   */
  public static void onNextReach(String point, Runnable action) {
    HOOKS.put(point, new Hook(action, true));
  }

  /**
   * In-process tests only: runs {@code action} every time {@code point} is reached, on the thread
   * that reaches it (storage calls run on several), until {@link #clearHooks()}.
   */
  public static void onEveryReach(String point, Runnable action) {
    HOOKS.put(point, new Hook(action, false));
  }

  /** Forgets every hook. */
  public static void clearHooks() {
    HOOKS.clear();
  }

  /** Marks a point; halts the JVM when it is the configured one and its hit count is reached. */
  public void reached(String name) {
    Hook hook = HOOKS.get(name);
    if (hook != null && (!hook.once() || HOOKS.remove(name, hook))) {
      hook.action().run();
    }
    if (name.equals(point) && hits.incrementAndGet() == hit) {
      System.err.println("dj-gc: gc.testing.crash-at=" + point + ":" + hit + " reached; halting");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
