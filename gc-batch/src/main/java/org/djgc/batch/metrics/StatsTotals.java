package org.djgc.batch.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The ledger's totals per state a {@code stats} run leaves in its job's execution context, for the
 * metrics {@code djgc_ledger_files} and {@code djgc_ledger_bytes}: keys {@code
 * gc.ledger.<state>.files} and {@code gc.ledger.<state>.bytes} (state in lower case).
 */
public final class StatsTotals {
  static final String FILES = ".files";
  static final String BYTES = ".bytes";
  private static final String PREFIX = "gc.ledger.";

  private StatsTotals() {}

  /** Records one state's totals. */
  public static void put(ExecutionContext context, String state, long files, long bytes) {
    String key = PREFIX + state.toLowerCase(Locale.ROOT);
    context.putLong(key + FILES, files);
    context.putLong(key + BYTES, bytes);
  }

  /** The recorded totals by key, in key order; empty for runs other than stats. */
  static Map<String, Long> read(ExecutionContext context) {
    Map<String, Long> totals = new TreeMap<>();
    for (Map.Entry<String, Object> entry : context.entrySet()) {
      if (entry.getKey().startsWith(PREFIX) && entry.getValue() instanceof Number number) {
        totals.put(entry.getKey(), number.longValue());
      }
    }
    return totals;
  }

  /** The state a key names. */
  static String state(String key) {
    return key.substring(PREFIX.length(), key.lastIndexOf('.'));
  }
}
