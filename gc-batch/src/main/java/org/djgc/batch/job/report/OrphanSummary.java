package org.djgc.batch.job.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.HashMap;
import org.djgc.core.layout.Section;
import org.djgc.core.layout.SectionKind;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.RecordFile;

/**
 * What a report's reader acts on, read in one pass over the orphans file: the orphans per schema,
 * table and attribute (schema-addressed paths name them; hash-addressed ones only their schema),
 * the largest ones, and what they cost to keep. Memory is bounded: at most {@value #MAX_GROUPS}
 * groups (the rest are summed in one group named {@value #OTHER}) and {@code top} files.
 *
 * @param groups orphans per group, sorted by bytes, largest first
 * @param largest the largest orphans, largest first (equal sizes by path)
 * @param orphaned all orphans
 * @param orphanedBytes their bytes
 * @param pricePerGbMonth the configured price of one GB (10^9 bytes) kept for a month
 */
record OrphanSummary(List<Group> groups, List<ListedFile> largest, long orphaned, long orphanedBytes,
    double pricePerGbMonth) {
  static final int MAX_GROUPS = 1000;
  static final String OTHER = "(other)";
  /** Table of a hash-addressed orphan: its path names no table. */
  static final String HASH_TABLE = "(hash-addressed)";

  /**
   * Orphans of one schema, table and attribute.
   *
   * @param schema the schema
   * @param table the table directory, {@value #HASH_TABLE} or {@value #OTHER}
   * @param attribute the attribute, or empty for hash-addressed and other orphans
   */
  record Group(String schema, String table, String attribute, long orphaned, long orphanedBytes) {}

  /** The estimated monthly cost of keeping the orphans. */
  double monthlyCost() {
    return orphanedBytes / 1e9 * pricePerGbMonth;
  }

  /** Reads the report's orphans once. */
  static OrphanSummary of(ReportModel report, int top, int tokenLength, double pricePerGbMonth) {
    Map<List<String>, long[]> groups = new HashMap<>();
    long[] other = new long[2];
    Comparator<ListedFile> smallestFirst = Comparator.comparingLong(ListedFile::sizeBytes)
        .thenComparing(ListedFile::path, Comparator.reverseOrder());
    PriorityQueue<ListedFile> largest = new PriorityQueue<>(Math.max(1, top + 1), smallestFirst);
    long orphaned = 0;
    long orphanedBytes = 0;
    try (CloseableIterator<ListedFile> orphans = RecordFile.read(report.orphansFile(), ListedFile.CODEC)) {
      while (orphans.hasNext()) {
        ListedFile orphan = orphans.next();
        orphaned++;
        orphanedBytes += orphan.sizeBytes();
        List<String> key = key(report.sections().get(orphan.section()), orphan, tokenLength);
        long[] sums = groups.get(key);
        if (sums == null) {
          if (groups.size() < MAX_GROUPS) {
            sums = new long[2];
            groups.put(key, sums);
          } else {
            sums = other;
          }
        }
        sums[0]++;
        sums[1] += orphan.sizeBytes();
        if (top > 0) {
          largest.add(orphan);
          if (largest.size() > top) {
            largest.poll();
          }
        }
      }
    }
    List<Group> summed = new ArrayList<>();
    groups.forEach((key, sums) -> summed.add(new Group(key.get(0), key.get(1), key.get(2), sums[0], sums[1])));
    summed.sort(Comparator.comparingLong(Group::orphanedBytes).reversed()
        .thenComparing(Comparator.comparingLong(Group::orphaned).reversed())
        .thenComparing(Group::schema).thenComparing(Group::table).thenComparing(Group::attribute));
    if (other[0] > 0) {
      summed.add(new Group(OTHER, OTHER, "", other[0], other[1]));
    }
    List<ListedFile> ranked = new ArrayList<>(largest);
    ranked.sort(smallestFirst.reversed());
    return new OrphanSummary(List.copyOf(summed), List.copyOf(ranked), orphaned, orphanedBytes, pricePerGbMonth);
  }

  private static List<String> key(Section section, ListedFile orphan, int tokenLength) {
    if (section.kind() == SectionKind.HASH) {
      return List.of(section.schema(), HASH_TABLE, "");
    }
    SchemaObjectNames.TableAttribute named = SchemaObjectNames.of(section.directory(), orphan.path(), tokenLength);
    return List.of(section.schema(), named.table(), named.attribute());
  }
}
