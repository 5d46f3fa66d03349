package org.djgc.core.partition;

import java.util.ArrayList;
import java.util.List;

/**
 * How a run splits its sections into key ranges: derived from the requested partition count
 * alone, so a restarted execution (which keeps its job parameters) splits the same way. With
 * {@code n} partitions over {@code s} sections, each section is cut into {@code ceil(n / s)} ranges
 * (at most {@value #MAX_RANGES_PER_SECTION}), at boundaries spread evenly over the alphabet of hash
 * names ({@code 2-7a-z}), which is also where DataJoint's table folders start; every other first
 * character falls into the range around it.
 */
public final class PartitionPlan {
  /** The base32 alphabet of hash names, in key order. */
  static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
  /** One range per alphabet character at most. */
  public static final int MAX_RANGES_PER_SECTION = ALPHABET.length();

  private PartitionPlan() {}

  /** Ranges per section for {@code partitions} partitions over {@code sections} sections (at least 1). */
  public static int rangesPerSection(int partitions, int sections) {
    if (partitions <= 1 || sections <= 0) {
      return 1;
    }
    return Math.min(MAX_RANGES_PER_SECTION, (partitions + sections - 1) / sections);
  }

  /** {@code count} ranges covering every key, in key order. */
  public static List<KeyRange> ranges(int count) {
    int n = Math.max(1, Math.min(MAX_RANGES_PER_SECTION, count));
    List<KeyRange> ranges = new ArrayList<>(n);
    int from = 0;
    for (int i = 1; i < n; i++) {
      int boundary = ALPHABET.charAt(i * ALPHABET.length() / n);
      ranges.add(new KeyRange(from, boundary));
      from = boundary;
    }
    ranges.add(new KeyRange(from, KeyRange.END));
    return List.copyOf(ranges);
  }
}
