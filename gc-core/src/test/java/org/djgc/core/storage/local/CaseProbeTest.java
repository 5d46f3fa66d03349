package org.djgc.core.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseProbeTest {
  @TempDir Path root;

  @Test
  void aCaseSensitiveStoreIsAccepted() throws Exception {
    Files.createDirectories(root.resolve("_hash/lab"));
    Files.createDirectories(root.resolve("_schema/lab"));

    assertThat(CaseProbe.caseInsensitiveDirectory(root)).isEmpty();
  }

  @Test
  void twoSpellingsThatAreTwoFilesAreCaseSensitive() throws Exception {
    Files.writeString(root.resolve("Data"), "one");
    Files.writeString(root.resolve("dATA"), "two");

    assertThat(CaseProbe.caseInsensitiveDirectory(root)).isEmpty();
  }

  @Test
  void aDirectoryWhereTheFlippedSpellingIsTheSameFileIsRefused() throws Exception {
    // Linux file systems here are case-sensitive; a second name for the same inode (a hard link)
    // behaves as a case-folding lookup would
    Path section = Files.createDirectories(root.resolve("_schema"));
    Files.writeString(section.resolve("lab.dat"), "bytes");
    Files.createLink(section.resolve("LAB.DAT"), section.resolve("lab.dat"));

    assertThat(CaseProbe.caseInsensitiveDirectory(root)).get().asString().contains("ignores case")
        .contains("_schema");
  }

  @Test
  void theWritingProbeFindsThisFileSystemExactAndLeavesNothing() throws Exception {
    Path trash = root.resolve("_trash");

    assertThat(CaseProbe.foldingDirectory(trash)).isEmpty();
    try (var left = Files.list(trash)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anUnwritableTrashCannotBeProbedAndIsNamed() throws Exception {
    Path file = Files.writeString(root.resolve("_trash"), "a file where the trash directory should be");

    assertThat(CaseProbe.foldingDirectory(file)).get().asString().contains("could not be probed");
  }
}
