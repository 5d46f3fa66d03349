package org.djgc.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether two configured stores are provably different places. Only a proof lets a row's store
 * name exclude its path from protecting this store's files; two spellings of one place (a
 * symlinked or relative directory, a trailing slash, an upper-case endpoint) are the same store,
 * and anything that cannot be checked here (a directory that does not exist on this host, two
 * protocols that a mount may join) is not a proof.
 */
public final class StoreLocations {
  private StoreLocations() {}

  /** True only when {@code a} and {@code b} certainly name different roots. */
  public static boolean provablyDistinct(StoreSpec a, StoreSpec b) {
    if (!a.protocol().equals(b.protocol())) {
      return false;
    }
    return switch (a.protocol()) {
      case "file" -> distinctDirectories(a.location(), b.location());
      case "s3", "gcs" -> differ(lower(a.setting("bucket")), lower(b.setting("bucket")))
          || differ(key(a.location()), key(b.location()));
      case "azure" -> differ(lower(a.setting("container")), lower(b.setting("container")))
          || differ(key(a.location()), key(b.location()));
      default -> false;
    };
  }

  private static boolean distinctDirectories(String a, String b) {
    try {
      Path left = Path.of(a).toRealPath();
      Path right = Path.of(b).toRealPath();
      return !Files.isSameFile(left, right);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A location as an object-key prefix: slashes trimmed and collapsed. */
  static String key(String location) {
    return location == null ? "" : location.replaceAll("/+", "/").replaceAll("^/|/$", "");
  }

  private static String lower(String value) {
    return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
  }

  /** Two known, different values; an unknown one proves nothing. */
  private static boolean differ(String a, String b) {
    return a != null && b != null && !a.equals(b);
  }
}
