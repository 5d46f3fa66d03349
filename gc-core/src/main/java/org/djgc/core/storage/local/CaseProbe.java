package org.djgc.core.storage.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Detects a file system that folds case (macOS's default APFS, SMB shares, casefold ext4
 * directories): there, the spelling a listing returns may differ from the spelling a row holds, so
 * "no row names this path" does not mean "no row names this file". Probed without writing: for the
 * store root and each directory directly below it, an entry's name with its case flipped is looked
 * up; if that finds the same file, the directory folds case.
 */
public final class CaseProbe {
  private CaseProbe() {}

  /** Why the store root cannot be collected safely, or empty when every probed directory is case-sensitive. */
  public static Optional<String> caseInsensitiveDirectory(Path root) {
    Optional<String> problem = probe(root);
    if (problem.isPresent()) {
      return problem;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
      for (Path child : children) {
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          problem = probe(child);
          if (problem.isPresent()) {
            return problem;
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // an unreadable root fails the listing itself, loudly
    }
    return Optional.empty();
  }

  private static Optional<String> probe(Path directory) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String flipped = flip(name);
        if (flipped.equals(name)) {
          continue;
        }
        Path other = directory.resolve(flipped);
        if (Files.exists(other, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(entry, other)) {
          return Optional.of("the file system at " + directory + " ignores case ('" + name + "' and '" + flipped
              + "' are one file)");
        }
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String flip(String name) {
    StringBuilder flipped = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      flipped.append(Character.isUpperCase(c) ? Character.toLowerCase(c)
          : Character.isLowerCase(c) ? Character.toUpperCase(c) : c);
    }
    return flipped.toString();
  }
}
