package org.djgc.batch.cli;

import java.time.Instant;
import java.util.Optional;

/**
 * Which quarantined files {@code restore} selects; given filters are AND-combined.
 *
 * @param path an exact original path, or a directory object's path (its whole unit)
 * @param glob a glob over original paths: {@code *} within a segment, {@code **} across segments
 * @param quarantineRun the job execution id that quarantined them
 * @param since quarantined at or after
 * @param until quarantined before
 */
public record RestoreFilter(Optional<String> path, Optional<String> glob, Optional<Long> quarantineRun,
    Optional<Instant> since, Optional<Instant> until) {
  /** Whether no filter is given (then schemas alone may select). */
  public boolean isEmpty() {
    return path.isEmpty() && glob.isEmpty() && quarantineRun.isEmpty() && since.isEmpty() && until.isEmpty();
  }

  /** A glob as a regular expression over the whole original path. */
  public static java.util.regex.Pattern globPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return java.util.regex.Pattern.compile(regex.toString());
  }
}
