package org.djgc.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.djgc.core.orphan.CoverageMerge;
import org.djgc.core.orphan.ListedFile;
import org.djgc.core.orphan.ReferenceCollector;
import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.Reference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each slice's diff against its routed references decides every file exactly as the diff of the
 * whole listing against every reference does: random stores and references, with ancestors of the
 * sections, paths equal to them, sidecars, names outside the hash alphabet, and references the
 * sections never hold.
 */
class ReferenceRouterTest {
  private static final List<String> SECTIONS = List.of("_hash/lab", "lab", "lab2");
  private static final String[] SEGMENTS = {"a", "b", "c", "m", "z", "2", "7", "_t", "#x", "~", "a.b", "\u00e9"};

  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void slicedDiffsDecideEveryFileAsTheWholeDiffDoes(long seed) throws Exception {
    // given: random files under the sections, and references among them, their ancestors and elsewhere
    Random random = new Random(seed);
    Set<String> files = new TreeSet<>();
    for (int i = 0; i < 60; i++) {
      String file = SECTIONS.get(random.nextInt(SECTIONS.size())) + "/" + randomPath(random);
      if (files.stream().noneMatch(f -> f.startsWith(file + "/") || file.startsWith(f + "/"))) {
        files.add(random.nextInt(6) == 0 ? file + ".manifest.json" : file);
      }
    }
    List<String> references = new ArrayList<>();
    for (String file : files) {
      if (random.nextInt(3) == 0) {
        String path = file.endsWith(".manifest.json") ? file.substring(0, file.length() - 14) : file;
        int cut = random.nextInt(3) == 0 ? path.lastIndexOf('/') : path.length();
        references.add(path.substring(0, cut));
      }
    }
    references.add(SECTIONS.get(random.nextInt(SECTIONS.size())) + "/" + randomPath(random));
    references.add("elsewhere/" + randomPath(random));
    if (random.nextInt(4) == 0) {
      references.add(random.nextBoolean() ? "lab" : "_hash");
    }
    Path refs = temp.resolve("references.bin");
    try (ReferenceCollector collector = new ReferenceCollector(temp, 7)) {
      references.forEach(r -> collector.reference(new Reference(r, CodecKind.SCHEMA)));
      collector.writeDistinct(refs);
    }

    for (int count : new int[] {1, 2, 5, 32}) {
      // when: each slice against its share
      List<Slice> slices = Slice.of(SECTIONS, PartitionPlan.ranges(count));
      ReferenceRouter.split(refs, slices, i -> temp.resolve(count + "-slice-" + i + ".bin"));
      Set<String> slicedCovered = new HashSet<>();
      for (int i = 0; i < slices.size(); i++) {
        Slice slice = slices.get(i);
        List<ListedFile> mine = files.stream().filter(f -> f.startsWith(slice.directory() + "/"))
            .filter(f -> slice.range().position(f.substring(slice.directory().length() + 1)) == 0)
            .map(f -> new ListedFile(f, slice.section(), 1, true, 0)).sorted(ListedFile.MATCH_ORDER).toList();
        CoverageMerge.partition(temp.resolve(count + "-slice-" + i + ".bin"), mine.iterator(), ListedFile::matchKey,
            (file, covered) -> {
              if (covered) {
                slicedCovered.add(file.path());
              }
            });
      }

      // then
      Set<String> wholeCovered = new HashSet<>();
      List<ListedFile> all = files.stream().map(f -> new ListedFile(f, 0, 1, true, 0)).sorted(ListedFile.MATCH_ORDER)
          .toList();
      CoverageMerge.partition(refs, all.iterator(), ListedFile::matchKey, (file, covered) -> {
        if (covered) {
          wholeCovered.add(file.path());
        }
      });
      assertThat(slicedCovered).as("seed %d, %d ranges; references %s", seed, count, references)
          .isEqualTo(wholeCovered);
    }
  }

  private static String randomPath(Random random) {
    StringBuilder path = new StringBuilder(SEGMENTS[random.nextInt(SEGMENTS.length)]);
    for (int depth = random.nextInt(3); depth > 0; depth--) {
      path.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
    }
    return path.toString();
  }
}
