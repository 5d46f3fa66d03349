package org.djgc.core.quarantine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;
import org.djgc.core.storage.ObjectKey;

/**
 * The self-describing trash layout {@code {trash_prefix}/{run}/{original path}}, with {@code {run}}
 * = {@code YYYYMMDDTHHMMSSZ-{jobExecutionId}}. A lost ledger can be rebuilt from a listing.
 */
public final class TrashLayout {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern RUN = Pattern.compile("\\d{8}T\\d{6}Z-(\\d+)");

  private final String prefix;

  public TrashLayout(String prefix) {
    this.prefix = prefix;
  }

  public ObjectKey root() {
    return ObjectKey.of(prefix);
  }

  /** The run segment of an execution that started at {@code start}. */
  public static String runSegment(Instant start, long executionId) {
    return RUN_TIME.format(start) + "-" + executionId;
  }

  /** Where an original path goes in a run's trash. */
  public ObjectKey trashKey(String run, String originalPath) {
    return ObjectKey.of(prefix + "/" + run + "/" + originalPath);
  }

  /**
   * The run directory, the boundary for pruning empty trash directories. A trash path recorded
   * under another trash prefix (the setting changed since) is cut after its first run segment; a
   * path with none gets its own parent, so nothing is pruned.
   */
  public ObjectKey runDirectory(String trashPath) {
    if (contains(trashPath)) {
      String rest = trashPath.substring(prefix.length() + 1);
      int slash = rest.indexOf('/');
      if (slash > 0) {
        return ObjectKey.of(prefix + "/" + rest.substring(0, slash));
      }
    }
    String[] segments = trashPath.split("/");
    StringBuilder directory = new StringBuilder();
    for (int i = 0; i < segments.length - 1; i++) {
      directory.append(i == 0 ? "" : "/").append(segments[i]);
      if (i > 0 && RUN.matcher(segments[i]).matches()) {
        return ObjectKey.of(directory.toString());
      }
    }
    int last = trashPath.lastIndexOf('/');
    return last < 0 ? ObjectKey.ROOT : ObjectKey.of(trashPath.substring(0, last));
  }

  /** Whether a trash path lies under this layout's prefix (what a listing of {@link #root()} returns). */
  public boolean contains(String trashPath) {
    return trashPath.startsWith(prefix + "/");
  }

  /** A trash path split into its run and original path, or empty when it is not dj-gc's layout. */
  public Optional<Parsed> parse(String trashPath) {
    if (!contains(trashPath)) {
      return Optional.empty();
    }
    String rest = trashPath.substring(prefix.length() + 1);
    int slash = rest.indexOf('/');
    if (slash < 0 || !RUN.matcher(rest.substring(0, slash)).matches()) {
      return Optional.empty();
    }
    String original = rest.substring(slash + 1);
    if (ObjectKey.problem(original) != null) {
      return Optional.empty();
    }
    String run = rest.substring(0, slash);
    return Optional.of(new Parsed(run, Long.parseLong(run.substring(run.indexOf('-') + 1)), original));
  }

  /** A parsed trash path. */
  public record Parsed(String run, long executionId, String originalPath) {}
}
