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

  /**
   * Probes by writing, in a directory destructive jobs write to anyway (the trash): creates a file
   * whose name has upper and lower case and a precomposed {@code é} (NFC), then asks whether the
   * case-flipped or decomposed (NFD) spelling finds the same file, and whether a listing returns the
   * name as written (HFS+ stores names decomposed). The probe file is removed; a process killed in
   * between leaves a dotfile that verify reports as foreign and nothing ever touches.
   */
  public static Optional<String> foldingDirectory(Path directory) {
    String stem = ".djgc-probe-" + java.util.UUID.randomUUID().toString().replace("-", "");
    String written = stem + "-Ab\u00e9";
    Path file = directory.resolve(written);
    try {
      Files.createDirectories(directory);
      Files.createFile(file);
      try {
        Path flipped = directory.resolve(stem + "-aB\u00e9");
        if (Files.exists(flipped, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(file, flipped)) {
          return Optional.of("the file system at " + directory + " ignores case");
        }
        Path decomposed = directory.resolve(java.text.Normalizer.normalize(written, java.text.Normalizer.Form.NFD));
        if (Files.exists(decomposed, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(file, decomposed)) {
          return Optional.of("the file system at " + directory + " ignores Unicode normalisation (NFC and NFD"
              + " spellings are one file)");
        }
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(directory, stem + "*")) {
          for (Path entry : listed) {
            if (!entry.getFileName().toString().equals(written)) {
              return Optional.of("the file system at " + directory + " changes the names it stores (a name written"
                  + " in NFC is listed as '" + entry.getFileName() + "')");
            }
          }
        }
        return Optional.empty();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return Optional.of("the file system at " + directory + " could not be probed (" + e.getMessage() + ")");
    }
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
