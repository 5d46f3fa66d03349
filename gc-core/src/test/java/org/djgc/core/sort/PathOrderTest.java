package org.djgc.core.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathOrderTest {

  private static List<String> sorted(List<String> paths) {
    List<String> copy = new ArrayList<>(paths);
    copy.sort(PathOrder.INSTANCE);
    return copy;
  }

  @Test
  void putsADirectoryThenItsDescendantsThenItsSiblings() {
    // given: String order would put a/b-x before a/b/c
    List<String> paths = List.of("a/b-x", "a/b/c", "a/b");

    // when
    List<String> ordered = sorted(paths);

    // then
    assertThat(ordered).containsExactly("a/b", "a/b/c", "a/b-x");
    assertThat("a/b-x".compareTo("a/b/c")).isNegative();
  }

  @Test
  void slashSortsBeforeEveryOtherCharacter() {
    // given
    List<String> paths = List.of("a/b0", "a/b.txt", "a/b c", "a/b!", "a/b\u0001", "a/b/z", "a/b-x", "a/b/a");

    // when
    List<String> ordered = sorted(paths);

    // then
    assertThat(ordered).containsExactly("a/b/a", "a/b/z", "a/b\u0001", "a/b c", "a/b!", "a/b-x", "a/b.txt", "a/b0");
  }

  @Test
  void descendantsOfEveryPathAreContiguousAndFollowIt() {
    // given: random paths over an alphabet full of characters that sort near '/'
    Random random = new Random(7);
    char[] alphabet = {'a', 'b', '/', '-', '.', ' ', '!', '0', '~'};
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder path = new StringBuilder();
      int length = 1 + random.nextInt(7);
      for (int j = 0; j < length; j++) {
        path.append(alphabet[random.nextInt(alphabet.length)]);
      }
      paths.add(path.toString());
    }
    Collections.shuffle(paths, random);

    // when
    List<String> ordered = sorted(paths);

    // then
    for (int i = 0; i < ordered.size(); i++) {
      String ancestor = ordered.get(i);
      int j = i + 1;
      while (j < ordered.size() && ordered.get(j).equals(ancestor)) {
        j++;
      }
      while (j < ordered.size() && ordered.get(j).startsWith(ancestor + "/")) {
        j++;
      }
      for (int k = j; k < ordered.size(); k++) {
        assertThat(ordered.get(k)).as("descendant of %s after a non-descendant", ancestor)
            .doesNotStartWith(ancestor + "/");
      }
    }
  }

  @Test
  void isAConsistentTotalOrder() {
    // given
    List<String> samples = List.of("", "a", "a/", "a/b", "a-b", "a0", "ab", "a/b/c", "b", "\u00e9", "a//b");

    // when / then
    for (String x : samples) {
      assertThat(PathOrder.INSTANCE.compare(x, x)).isZero();
      for (String y : samples) {
        assertThat(Integer.signum(PathOrder.INSTANCE.compare(x, y)))
            .isEqualTo(-Integer.signum(PathOrder.INSTANCE.compare(y, x)));
        for (String z : samples) {
          if (PathOrder.INSTANCE.compare(x, y) < 0 && PathOrder.INSTANCE.compare(y, z) < 0) {
            assertThat(PathOrder.INSTANCE.compare(x, z)).isNegative();
          }
        }
      }
    }
  }

  @Test
  void aPrefixSortsBeforeTheLongerPath() {
    // when / then
    assertThat(PathOrder.INSTANCE.compare("a", "a/b")).isNegative();
    assertThat(PathOrder.INSTANCE.compare("a.manifest.json", "a")).isPositive();
    assertThat(PathOrder.INSTANCE.compare("", "a")).isNegative();
  }
}
