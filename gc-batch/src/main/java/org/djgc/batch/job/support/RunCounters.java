package org.djgc.batch.job.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The counters of the current job execution (spec §7.8) and its per-object errors, reset when an
 * execution starts; the final values are copied into the job execution context for the audit trail.
 */
@Component
public class RunCounters {
  private static final int MAX_ERRORS_KEPT = 200;

  private final Map<Counter, AtomicLong> counters = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private long errorCount;

  /**
   * Starts the counters of a new execution: one process may run two ({@code collect} runs
   * quarantine, then purge), and each execution's report and audit record count only its own work.
   */
  public synchronized void reset() {
    counters.clear();
    errors.clear();
    errorCount = 0;
  }

  public void add(Counter counter, long delta) {
    counters.computeIfAbsent(counter, n -> new AtomicLong()).addAndGet(delta);
  }

  public void increment(Counter counter) {
    add(counter, 1);
  }

  public long get(Counter counter) {
    AtomicLong value = counters.get(counter);
    return value == null ? 0 : value.get();
  }

  /** Records a per-object error (the run will exit 1). */
  public synchronized void error(String message) {
    errorCount++;
    if (errors.size() < MAX_ERRORS_KEPT) {
      errors.add(message);
    }
  }

  /**
   * Adds the per-object errors another counter recorded ({@code count} in all, {@code kept} of them
   * with their message), as a partition's counters reach its manager.
   */
  public synchronized void addErrors(List<String> kept, long count) {
    errorCount += count;
    for (String message : kept) {
      if (errors.size() < MAX_ERRORS_KEPT) {
        errors.add(message);
      }
    }
  }

  public synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  public synchronized long errorCount() {
    return errorCount;
  }

  /** Every counter by its key, in report order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    for (Counter counter : Counter.values()) {
      snapshot.put(counter.key(), get(counter));
    }
    return snapshot;
  }
}
