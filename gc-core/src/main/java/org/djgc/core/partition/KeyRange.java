package org.djgc.core.partition;

import java.util.Optional;
import org.djgc.core.storage.ObjectKey;

/**
 * The keys below a section directory whose relative path starts with a character in {@code [from,
 * to)} (UTF-16 code units). Every relative path lies in exactly one range of a split, since the
 * ranges of {@link PartitionPlan#ranges(int)} cover {@code [0, END)} without gaps or overlaps.
 *
 * @param from first character in the range, inclusive; {@code 0} from the start
 * @param to first character after the range, exclusive; {@link #END} to the end
 */
public record KeyRange(int from, int to) {
  /** One past the largest UTF-16 code unit. */
  public static final int END = 0x10000;
  /** Every key. */
  public static final KeyRange ALL = new KeyRange(0, END);

  public KeyRange {
    if (from < 0 || to > END || from >= to) {
      throw new IllegalArgumentException("Invalid key range [" + from + ", " + to + ")");
    }
  }

  /** Whether this range holds every key. */
  public boolean isAll() {
    return from == 0 && to == END;
  }

  /** Where a relative path falls: -1 before this range, 0 inside it, 1 after it. */
  public int position(String relativePath) {
    char first = relativePath.isEmpty() ? 0 : relativePath.charAt(0);
    return first < from ? -1 : first >= to ? 1 : 0;
  }

  /**
   * The listing position just before this range below {@code directory}: {@code from - 1} followed
   * by U+FFFD, the largest character S3 servers echo back in XML. Every key whose relative path
   * starts with {@code from - 1} followed by a smaller character sorts before it, so a listing that
   * honours {@code startAfter} skips the previous range's keys unread; a rare key with a larger
   * character there is listed and then skipped. Only speed depends on this position, never which
   * keys a range yields.
   */
  public Optional<ObjectKey> startAfter(ObjectKey directory) {
    if (from == 0) {
      return Optional.empty();
    }
    String before = String.valueOf((char) (from - 1)) + '\uFFFD';
    String key = directory.path().isEmpty() ? before : directory.path() + "/" + before;
    // a character that cannot start a key segment ('/', '\\') gets no shortcut: listed from the start
    return ObjectKey.problem(key) == null ? Optional.of(ObjectKey.of(key)) : Optional.empty();
  }

  /** {@code [c, d)} in readable form, for logs and scan errors. */
  public String describe() {
    return "[" + (from == 0 ? "start" : "'" + (char) from + "'") + ", " + (to == END ? "end" : "'" + (char) to + "'")
        + ")";
  }
}
