package org.djgc.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link WorkArea} must do, checked against its real storage. */
abstract class AbstractWorkAreaContractTest {
  @TempDir
  Path temp;

  WorkArea area;

  /** A fresh, empty work area. */
  abstract WorkArea createEmpty() throws Exception;

  /** Leaves {@code name} of {@code execution} as a writer killed half way through would. */
  abstract void leaveHalfWritten(long execution, String name) throws Exception;

  @BeforeEach
  void open() throws Exception {
    area = createEmpty();
  }

  @Test
  void aFileComesBackByteForByteAcrossChunks() throws Exception {
    // given: larger than one database chunk, and an empty file
    byte[] content = new byte[JdbcWorkArea.CHUNK_BYTES * 2 + 12345];
    new Random(7).nextBytes(content);
    Path big = Files.write(temp.resolve("big"), content);
    Path empty = Files.write(temp.resolve("empty"), new byte[0]);

    // when
    area.put(41, "references-slice-00001.bin", big);
    area.put(41, "empty.bin", empty);
    area.get(41, "references-slice-00001.bin", temp.resolve("big-back"));
    area.get(41, "empty.bin", temp.resolve("empty-back"));

    // then
    assertThat(Files.readAllBytes(temp.resolve("big-back"))).isEqualTo(content);
    assertThat(Files.readAllBytes(temp.resolve("empty-back"))).isEmpty();
    assertThat(area.executions()).containsExactly(41L);
  }

  @Test
  void writingANameAgainReplacesIt() throws Exception {
    // given
    area.put(7, "f.bin", Files.writeString(temp.resolve("a"), "first, longer version"));

    // when
    area.put(7, "f.bin", Files.writeString(temp.resolve("b"), "second"));
    area.get(7, "f.bin", temp.resolve("back"));

    // then
    assertThat(Files.readString(temp.resolve("back"))).isEqualTo("second");
  }

  @Test
  void aMissingOrHalfWrittenFileIsNamedAndNeverReadAsComplete() throws Exception {
    // given
    leaveHalfWritten(9, "half.bin");

    // then
    assertThatThrownBy(() -> area.get(9, "nosuch.bin", temp.resolve("x"))).isInstanceOf(WorkAreaException.class)
        .hasMessageContaining("nosuch.bin").hasMessageContaining("execution 9");
    assertThatThrownBy(() -> area.get(9, "half.bin", temp.resolve("y"))).isInstanceOf(WorkAreaException.class)
        .hasMessageContaining("half.bin");
    assertThat(temp.resolve("y")).doesNotExist();
  }

  @Test
  void deletingAnExecutionRemovesOnlyItsFiles() throws Exception {
    // given
    Path file = Files.writeString(temp.resolve("f"), "x");
    area.put(1, "a.bin", file);
    area.put(2, "a.bin", file);

    // when
    area.deleteExecution(1);
    area.deleteExecution(3);

    // then
    assertThat(area.executions()).containsExactly(2L);
    assertThatThrownBy(() -> area.get(1, "a.bin", temp.resolve("gone"))).isInstanceOf(WorkAreaException.class);
    area.get(2, "a.bin", temp.resolve("kept"));
    assertThat(Files.readString(temp.resolve("kept"))).isEqualTo("x");
  }

  @Test
  void aFileExistsOnlyWhenStoredWhole() throws Exception {
    // given
    Path file = Files.writeString(temp.resolve("f"), "x");
    area.put(1, "whole.bin", file);
    leaveHalfWritten(1, "half.bin");

    // then
    assertThat(area.exists(1, "whole.bin")).isTrue();
    assertThat(area.exists(1, "half.bin")).isFalse();
    assertThat(area.exists(1, "never.bin")).isFalse();
    assertThat(area.exists(2, "whole.bin")).isFalse();
  }

  @Test
  void deletingByPrefixRemovesOnlyThoseFilesOfThatExecution() throws Exception {
    // given
    Path file = Files.writeString(temp.resolve("f"), "x");
    area.put(1, "references-slice-00001.bin", file);
    area.put(1, "references-slice-00002.bin", file);
    area.put(1, "output-slice-00001.bin", file);
    area.put(2, "references-slice-00001.bin", file);

    // when
    area.deleteFiles(1, "references-");
    area.deleteFiles(3, "references-");

    // then
    for (String gone : new String[] {"references-slice-00001.bin", "references-slice-00002.bin"}) {
      assertThatThrownBy(() -> area.get(1, gone, temp.resolve("gone"))).as(gone)
          .isInstanceOf(WorkAreaException.class);
    }
    area.get(1, "output-slice-00001.bin", temp.resolve("kept"));
    area.get(2, "references-slice-00001.bin", temp.resolve("other"));
    assertThat(Files.readString(temp.resolve("other"))).isEqualTo("x");
  }

  @Test
  void aNameThatCouldEscapeIsRefused() throws Exception {
    Path file = Files.writeString(temp.resolve("f"), "x");
    for (String name : new String[] {"../x", "a/b", "", ".hidden"}) {
      assertThatThrownBy(() -> area.put(1, name, file)).as(name).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
