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

  /** The run directory, the boundary for pruning empty trash directories. */
  public ObjectKey runDirectory(String trashPath) {
    String rest = trashPath.substring(prefix.length() + 1);
    return ObjectKey.of(prefix + "/" + rest.substring(0, rest.indexOf('/')));
  }

  /** A trash path split into its run and original path, or empty when it is not dj-gc's layout. */
  public Optional<Parsed> parse(String trashPath) {
    if (!trashPath.startsWith(prefix + "/")) {
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
