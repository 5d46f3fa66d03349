package org.djgc.core.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One partition of a run: the files of one section whose path below it lies in one key range.
 *
 * @param section index of the section in the run's section list
 * @param directory the section's directory, relative to the store root
 * @param range the key range below it
 */
public record Slice(int section, String directory, KeyRange range) {
  public Slice {
    Objects.requireNonNull(directory, "directory is null");
    Objects.requireNonNull(range, "range is null");
  }

  /** Every section's directory cut into the same {@code ranges}, section by section, range by range. */
  public static List<Slice> of(List<String> directories, List<KeyRange> ranges) {
    List<Slice> slices = new ArrayList<>(directories.size() * ranges.size());
    for (int s = 0; s < directories.size(); s++) {
      for (KeyRange range : ranges) {
        slices.add(new Slice(s, directories.get(s), range));
      }
    }
    return List.copyOf(slices);
  }
}
