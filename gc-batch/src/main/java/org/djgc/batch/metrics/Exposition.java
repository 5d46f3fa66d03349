package org.djgc.batch.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Prometheus' text exposition format, written by hand so each family has its HELP and TYPE and
 * whole numbers (counts, bytes, ids, Unix seconds) print as integers.
 */
final class Exposition {
  private final StringBuilder text = new StringBuilder();

  /** Starts a family of gauges. */
  Exposition gauge(String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n').append("# TYPE ").append(name).append(" gauge\n");
    return this;
  }

  /** A sample with a whole value. */
  Exposition sample(String name, Map<String, String> labels, long value) {
    return line(name, labels, Long.toString(value));
  }

  /** A sample with a fractional value (three decimals). */
  Exposition sample(String name, Map<String, String> labels, double value) {
    return line(name, labels, String.format(Locale.ROOT, "%.3f", value));
  }

  private Exposition line(String name, Map<String, String> labels, String value) {
    text.append(name);
    if (!labels.isEmpty()) {
      text.append('{');
      boolean first = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        text.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escape(label.getValue()))
            .append('"');
        first = false;
      }
      text.append('}');
    }
    text.append(' ').append(value).append('\n');
    return this;
  }

  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  String text() {
    return text.toString();
  }
}
