package org.djgc.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djgc.core.storage.ObjectKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionPlanTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 16, 31, 32, 33, 1000})
  void rangesCoverEveryFirstCharacterExactlyOnce(int count) {
    // when
    List<KeyRange> ranges = PartitionPlan.ranges(count);

    // then: contiguous from 0 to END, so every relative path falls into exactly one
    assertThat(ranges).hasSize(Math.min(count, PartitionPlan.MAX_RANGES_PER_SECTION));
    assertThat(ranges.get(0).from()).isZero();
    assertThat(ranges.get(ranges.size() - 1).to()).isEqualTo(KeyRange.END);
    for (int i = 1; i < ranges.size(); i++) {
      assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
    }
    for (String relative : List.of("#t", "_t", "2a", "7", "a", "m/x", "z", "zz", "~", "\u00e9", "\uD83D\uDE00", "")) {
      assertThat(ranges.stream().filter(r -> r.position(relative) == 0)).as(relative).hasSize(1);
    }
  }

  @Test
  void thirtyTwoRangesGiveEachHashNameCharacterItsOwnRange() {
    // when
    List<KeyRange> ranges = PartitionPlan.ranges(32);

    // then
    for (int i = 0; i < PartitionPlan.ALPHABET.length(); i++) {
      String relative = PartitionPlan.ALPHABET.charAt(i) + "x/abc";
      assertThat(ranges.get(i).position(relative)).as(relative).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource({"1,5,1", "4,5,1", "5,5,1", "6,5,2", "10,5,2", "11,5,3", "64,1,32", "4096,2,32", "8,0,1"})
  void rangesPerSectionSpreadThePartitionsOverTheSections(int partitions, int sections, int expected) {
    assertThat(PartitionPlan.rangesPerSection(partitions, sections)).isEqualTo(expected);
  }

  @Test
  void aRangeStartsItsListingJustAfterThePreviousCharactersKeys() {
    // given
    KeyRange range = new KeyRange('c', 'f');
    ObjectKey section = ObjectKey.of("_hash/lab");

    // then: keys starting with 'b' sort before the start, keys starting with 'c' after it
    String start = range.startAfter(section).orElseThrow().path();
    assertThat("_hash/lab/bzzz/q".compareTo(start)).isNegative();
    assertThat("_hash/lab/b".compareTo(start)).isNegative();
    assertThat("_hash/lab/c".compareTo(start)).isPositive();
    assertThat(KeyRange.ALL.startAfter(section)).isEmpty();
    // a range right after '/' gets no shortcut rather than an invalid key
    assertThat(new KeyRange('/' + 1, 'a').startAfter(section)).isEmpty();
  }
}
