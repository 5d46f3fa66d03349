package org.djgc.core.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalSorterTest {
  private static final RecordCodec<String> STRINGS = new RecordCodec<>() {
    @Override
    public void write(DataOutput out, String record) throws IOException {
      RecordCodec.writeString(out, record);
    }

    @Override
    public String read(DataInput in) throws IOException {
      return RecordCodec.readString(in);
    }
  };

  @TempDir
  Path temp;

  private static List<String> randomPaths(int count, long seed) {
    Random random = new Random(seed);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int depth = 1 + random.nextInt(4);
      StringBuilder path = new StringBuilder();
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          path.append('/');
        }
        path.append((char) ('a' + random.nextInt(4)));
        if (random.nextBoolean()) {
          path.append(random.nextBoolean() ? "-x" : ".manifest.json");
        }
      }
      paths.add(path.toString());
    }
    return paths;
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) {
    List<T> out = new ArrayList<>();
    while (iterator.hasNext()) {
      out.add(iterator.next());
    }
    return out;
  }

  private long filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  @Test
  void sortingMoreRecordsThanFitInMemoryGivesTheInMemoryOrder() throws IOException {
    // given
    List<String> input = randomPaths(10_000, 1);
    List<String> expected = new ArrayList<>(input);
    expected.sort(PathOrder.INSTANCE);
    List<String> actual;
    long runFilesWhileMerging;

    // when
    try (ExternalSorter<String> sorter = new ExternalSorter<>(PathOrder.INSTANCE, STRINGS, 97, temp)) {
      input.forEach(sorter::add);
      try (CloseableIterator<String> sorted = sorter.sorted()) {
        runFilesWhileMerging = filesIn(temp);
        actual = drain(sorted);
      }
      assertThat(sorter.count()).isEqualTo(10_000);
    }

    // then
    assertThat(runFilesWhileMerging).as("the sort spilled runs").isGreaterThan(100);
    assertThat(actual).isEqualTo(expected);
    assertThat(filesIn(temp)).as("run files deleted after close").isZero();
  }

  @Test
  void spilledRunFilesAreDeletedOnCloseEvenWhenNotRead() throws IOException {
    // given
    ExternalSorter<String> sorter = new ExternalSorter<>(Comparator.naturalOrder(), STRINGS, 10, temp);
    randomPaths(55, 2).forEach(sorter::add);
    assertThat(filesIn(temp)).isEqualTo(5);

    // when
    sorter.close();

    // then
    assertThat(filesIn(temp)).isZero();
  }

  @Test
  void inputThatFitsInMemoryNeverTouchesTheDisk() throws IOException {
    // given
    List<String> input = randomPaths(100, 3);
    List<String> expected = new ArrayList<>(input);
    expected.sort(Comparator.naturalOrder());

    // when
    List<String> actual;
    try (ExternalSorter<String> sorter = new ExternalSorter<>(Comparator.naturalOrder(), STRINGS, 101, temp)) {
      input.forEach(sorter::add);
      try (CloseableIterator<String> sorted = sorter.sorted()) {
        actual = drain(sorted);
        assertThat(filesIn(temp)).isZero();
      }
    }

    // then
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void exactMultipleOfTheBufferSortsCorrectly() {
    // given
    List<String> input = randomPaths(300, 4);
    List<String> expected = new ArrayList<>(input);
    expected.sort(Comparator.naturalOrder());

    // when
    List<String> actual;
    try (ExternalSorter<String> sorter = new ExternalSorter<>(Comparator.naturalOrder(), STRINGS, 100, temp);
        CloseableIterator<String> sorted = addAll(sorter, input).sorted()) {
      actual = drain(sorted);
    }

    // then
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void emptyInputGivesNothing() {
    // when
    try (ExternalSorter<String> sorter = new ExternalSorter<>(Comparator.naturalOrder(), STRINGS, 1, temp);
        CloseableIterator<String> sorted = sorter.sorted()) {
      // then
      assertThat(sorted.hasNext()).isFalse();
      assertThatThrownBy(sorted::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void writeSortedWritesEveryRecordInOrderIncludingDuplicates() throws IOException {
    // given
    List<String> input = new ArrayList<>(randomPaths(1000, 5));
    input.addAll(input.subList(0, 200));
    List<String> expected = new ArrayList<>(input);
    expected.sort(PathOrder.INSTANCE);
    Path target = temp.resolve("sorted.bin");

    // when
    long written;
    try (ExternalSorter<String> sorter = new ExternalSorter<>(PathOrder.INSTANCE, STRINGS, 64, temp)) {
      written = addAll(sorter, input).writeSorted(target);
    }

    // then
    assertThat(written).isEqualTo(1200);
    try (CloseableIterator<String> read = RecordFile.read(target, STRINGS)) {
      assertThat(drain(read)).isEqualTo(expected);
    }
    assertThat(filesIn(temp)).isEqualTo(1);
  }

  @Test
  void nonPositiveBufferIsRejected() {
    // when / then
    assertThatThrownBy(() -> new ExternalSorter<>(Comparator.<String>naturalOrder(), STRINGS, 0, temp))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordFilesRoundTripAnyCharacters() {
    // given
    List<String> records = List.of("", "line\nbreak", "tab\tand\u0000nul", "caf\u00e9 \ud83d\ude00", "x".repeat(70_000));
    Path file = temp.resolve("records.bin");

    // when
    try (RecordFile.Writer<String> out = RecordFile.writer(file, STRINGS)) {
      records.forEach(out::write);
      assertThat(out.count()).isEqualTo(records.size());
    }

    // then
    try (CloseableIterator<String> read = RecordFile.read(file, STRINGS)) {
      assertThat(drain(read)).isEqualTo(records);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 17})
  void truncatedRecordFileIsAnErrorNotAShortRead(int bytesCut) throws IOException {
    // given: a complete file with its end marker, then the last bytes cut off
    Path file = temp.resolve("records.bin");
    try (RecordFile.Writer<String> out = RecordFile.writer(file, STRINGS)) {
      List.of("first/record", "second/record", "third/record").forEach(out::write);
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - bytesCut));

    // when / then
    try (CloseableIterator<String> read = RecordFile.read(file, STRINGS)) {
      assertThatThrownBy(() -> drain(read))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("Truncated")
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void emptyRecordFileIsAnErrorNotAnEmptyInput() throws IOException {
    // given
    Path file = Files.createFile(temp.resolve("empty.bin"));

    // when / then
    try (CloseableIterator<String> read = RecordFile.read(file, STRINGS)) {
      assertThatThrownBy(read::hasNext).isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  void recordFileWithNoRecordsIsReadAsEmpty() {
    // given
    Path file = temp.resolve("none.bin");
    RecordFile.writer(file, STRINGS).close();

    // when / then
    try (CloseableIterator<String> read = RecordFile.read(file, STRINGS)) {
      assertThat(read.hasNext()).isFalse();
    }
  }

  private static ExternalSorter<String> addAll(ExternalSorter<String> sorter, List<String> records) {
    records.forEach(sorter::add);
    return sorter;
  }
}
