package org.djgc.batch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A parsed {@code --format=json} report. */
public record ReportJson(JsonNode root) {
  public static ReportJson parse(String text) {
    try {
      return new ReportJson(new ObjectMapper().readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException("Not a JSON report:\n" + text, e);
    }
  }

  /** Orphan path → size. */
  public Map<String, Long> orphans() {
    Map<String, Long> orphans = new TreeMap<>();
    root.get("orphans").forEach(o -> orphans.put(o.get("path").asText(), o.get("size").asLong()));
    return orphans;
  }

  public Set<String> orphanPaths() {
    return new TreeSet<>(orphans().keySet());
  }

  public long stat(String key) {
    return root.get("stats").get(key).asLong();
  }

  public JsonNode stats() {
    return root.get("stats");
  }

  public long findingsTotal() {
    return root.get("findings_total").asLong();
  }

  public String findingsText() {
    return root.get("findings").toString();
  }
}
