package org.djgc.core.orphan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.djgc.core.reference.CodecKind;
import org.djgc.core.reference.Finding;
import org.djgc.core.reference.FindingKind;
import org.djgc.core.reference.Reference;
import org.djgc.core.sort.CloseableIterator;
import org.djgc.core.sort.PathOrder;
import org.djgc.core.sort.RecordFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract §6.4: coverage of listed files by referenced paths, streamed through record files. */
class OrphanDiffTest {
  private static final int HASH = 0;
  private static final int SCHEMA = 1;
  private static final String LAB = "_schema/lab/t/id=1/";

  @TempDir
  Path temp;

  private record Result(List<String> orphans, List<SectionCounts> counts) {}

  /** A listing: path → (section, size). */
  private final Map<String, long[]> listing = new LinkedHashMap<>();

  private void listed(int section, long size, String... paths) {
    for (String path : paths) {
      listing.put(path, new long[] {section, size});
    }
  }

  /** References collected as the scan would: through a collector, sorted and de-duplicated. */
  private Result diffWithCollector(List<Reference> references) {
    Path refs = temp.resolve("refs.bin");
    try (ReferenceCollector collector = new ReferenceCollector(temp, 3)) {
      references.forEach(collector::reference);
      collector.writeDistinct(refs);
    }
    return diff(refs);
  }

  /** References written verbatim in path order, bypassing the extractor's path checks. */
  private Result diffWithRawReferences(String... paths) {
    Path refs = temp.resolve("raw-refs.bin");
    List<String> sorted = new ArrayList<>(List.of(paths));
    sorted.sort(PathOrder.INSTANCE);
    try (RecordFile.Writer<ReferencedPath> out = RecordFile.writer(refs, ReferencedPath.CODEC)) {
      sorted.forEach(p -> out.write(new ReferencedPath(p, false, true)));
    }
    return diff(refs);
  }

  private Result diff(Path refs) {
    List<ListedFile> files = new ArrayList<>();
    List<SectionCounts> stored = new ArrayList<>(List.of(SectionCounts.ZERO, SectionCounts.ZERO));
    listing.forEach((path, info) -> {
      ListedFile file = new ListedFile(path, (int) info[0], info[1], true, 0L);
      files.add(file);
      stored.set(file.section(), stored.get(file.section()).plusStored(file));
    });
    files.sort(ListedFile.MATCH_ORDER);
    Path listed = temp.resolve("listing.bin");
    try (RecordFile.Writer<ListedFile> out = RecordFile.writer(listed, ListedFile.CODEC)) {
      files.forEach(out::write);
    }
    Path orphans = temp.resolve("orphans.bin");
    List<SectionCounts> counts = OrphanDiff.diff(refs, listed, orphans, stored);
    List<String> orphanPaths = new ArrayList<>();
    try (CloseableIterator<ListedFile> read = RecordFile.read(orphans, ListedFile.CODEC)) {
      read.forEachRemaining(f -> orphanPaths.add(f.path()));
    }
    return new Result(orphanPaths, counts);
  }

  private static Reference schemaRef(String path) {
    return new Reference(path, CodecKind.SCHEMA);
  }

  private static Reference hashRef(String path) {
    return new Reference(path, CodecKind.HASH);
  }

  @Test
  void exactlyReferencedFilesAreCoveredAndTheRestAreOrphans() {
    // given
    listed(HASH, 100, "_hash/s/path1");
    listed(HASH, 200, "_hash/s/path3");
    listed(SCHEMA, 500, "s/t/pk1/f");
    listed(SCHEMA, 300, "s/t/pk2/f");

    // when
    Result result = diffWithCollector(List.of(hashRef("_hash/s/path1"), hashRef("_hash/s/path2"),
        schemaRef("s/t/pk1/f")));

    // then
    assertThat(result.orphans()).containsExactly("_hash/s/path3", "s/t/pk2/f");
    SoftAssertions.assertSoftly(soft -> {
      soft.assertThat(result.counts().get(HASH)).isEqualTo(new SectionCounts(2, 300, 1, 200, 0));
      soft.assertThat(result.counts().get(SCHEMA)).isEqualTo(new SectionCounts(2, 800, 1, 300, 0));
    });
  }

  @Test
  void aRowPointingAtAFileNamedLikeAManifestKeepsThatFile() {
    // given: upstream matches P.manifest.json only by P, so this row's own file would be orphaned
    listed(SCHEMA, 7, LAB + "notes.manifest.json", LAB + "other.manifest.json");

    // when
    Result result = diffWithCollector(List.of(schemaRef(LAB + "notes.manifest.json")));

    // then
    assertThat(result.orphans()).containsExactly(LAB + "other.manifest.json");
  }

  @Test
  void filesOfADirectoryObjectAreCoveredByAReferenceToTheDirectory() {
    // given
    String folder = LAB + "data_folder_VSrfwiTE";
    listed(SCHEMA, 1, folder + "/.zarray", folder + "/0.0", folder + "/0.1", folder + "/sub/deep/1.1");
    listed(SCHEMA, 2, folder + ".manifest.json", folder + "/sub/x.manifest.json");

    // when
    Result result = diffWithCollector(List.of(schemaRef(folder)));

    // then
    assertThat(result.orphans()).isEmpty();
    assertThat(result.counts().get(SCHEMA)).isEqualTo(new SectionCounts(6, 8, 0, 0, 0));
  }

  @Test
  void manifestIsCoveredByTheObjectItDescribes() {
    // given
    listed(SCHEMA, 10, LAB + "f_tok.dat", LAB + "f_tok.dat.manifest.json", LAB + "g_tok.manifest.json");

    // when
    Result result = diffWithCollector(List.of(schemaRef(LAB + "f_tok.dat"), schemaRef(LAB + "g_tok")));

    // then
    assertThat(result.orphans()).isEmpty();
  }

  @Test
  void manifestOfAnUnreferencedObjectIsAnOrphan() {
    // given
    listed(SCHEMA, 10, LAB + "dead_tok", LAB + "dead_tok.manifest.json", LAB + "dead_tok/0.0");

    // when
    Result result = diffWithCollector(List.of(schemaRef(LAB + "live_tok")));

    // then
    assertThat(result.orphans()).containsExactly(LAB + "dead_tok", LAB + "dead_tok.manifest.json", LAB + "dead_tok/0.0");
  }

  @Test
  void siblingsSharingAPrefixAreNotCovered() {
    // given
    String p = LAB + "data_P";
    listed(SCHEMA, 1, p, p + "/inner", p + "-x", p + "-x/inner", p + "-x.manifest.json", p + "x", p + ".zarr/0",
        p + "0", p + " copy");

    // when
    Result result = diffWithCollector(List.of(schemaRef(p)));

    // then
    assertThat(result.orphans()).containsExactlyInAnyOrder(p + "-x", p + "-x/inner", p + "-x.manifest.json", p + "x",
        p + ".zarr/0", p + "0", p + " copy");
  }

  @Test
  void referenceWithTrailingSlashOrDotSlashCoversNothing() {
    // given: such references are refused by the extractor; the diff itself must not widen them
    String p = LAB + "data_P";
    listed(SCHEMA, 1, p, p + "/0.0", p + ".manifest.json");

    // when
    Result trailingSlash = diffWithRawReferences(p + "/");
    Result dotSlash = diffWithRawReferences("./" + p);

    // then
    assertThat(trailingSlash.orphans()).containsExactlyInAnyOrder(p, p + "/0.0", p + ".manifest.json");
    assertThat(dotSlash.orphans()).containsExactlyInAnyOrder(p, p + "/0.0", p + ".manifest.json");
  }

  @Test
  void aFileReferencedFromEitherKindOfColumnIsNotAnOrphan() {
    // given
    listed(HASH, 5, "_hash/lab/lvauakv4jmvhnolrtwiraf6fsi");
    listed(SCHEMA, 5, LAB + "f_tok");

    // when: the hash file is referenced from a schema column and vice versa
    Result result = diffWithCollector(List.of(schemaRef("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi"), hashRef(LAB + "f_tok")));

    // then
    assertThat(result.orphans()).isEmpty();
  }

  @Test
  void referencesOutsideTheListedSectionsChangeNothing() {
    // given
    listed(SCHEMA, 7, LAB + "a", LAB + "b");

    // when
    Result result = diffWithCollector(List.of(schemaRef("_schema/other/t/x"), schemaRef("0"), schemaRef("~"),
        schemaRef(LAB + "b")));

    // then
    assertThat(result.orphans()).containsExactly(LAB + "a");
    assertThat(result.counts().get(SCHEMA)).isEqualTo(new SectionCounts(2, 14, 1, 7, 0));
  }

  @Test
  void withoutReferencesEveryListedFileIsAnOrphanAndWithoutFilesThereAreNone() {
    // given
    listed(HASH, 3, "_hash/lab/a", "_hash/lab/b");

    // when
    Result noRefs = diffWithCollector(List.of());
    listing.clear();
    Result noFiles = diffWithCollector(List.of(schemaRef(LAB + "x")));

    // then
    assertThat(noRefs.orphans()).containsExactly("_hash/lab/a", "_hash/lab/b");
    assertThat(noRefs.counts().get(HASH)).isEqualTo(new SectionCounts(2, 6, 2, 6, 0));
    assertThat(noFiles.orphans()).isEmpty();
    assertThat(noFiles.counts()).containsExactly(SectionCounts.ZERO, SectionCounts.ZERO);
  }

  @Test
  void orphansAreWrittenInMatchOrder() {
    // given
    listed(SCHEMA, 1, "s/a-x", "s/a/b", "s/a", "s/a.manifest.json", "s/a/b.manifest.json");

    // when
    Result result = diffWithCollector(List.of());

    // then
    assertThat(result.orphans()).containsExactly("s/a", "s/a.manifest.json", "s/a/b", "s/a/b.manifest.json", "s/a-x");
  }

  @Test
  void agreesWithUpstreamIsCoveredOnRandomTrees() {
    // given: random trees and references; each file's fate decided by upstream's _is_covered
    Random random = new Random(11);
    String[] names = {"a", "b", "a-x", "a.zarr", "a0", "b c", ".z"};
    Set<String> refs = new TreeSet<>();
    for (int i = 0; i < 4000; i++) {
      String path = randomPath(random, names, 1);
      if (random.nextInt(3) == 0) {
        listed(random.nextInt(2), 1 + random.nextInt(9), path + (random.nextInt(4) == 0 ? ".manifest.json" : ""));
      }
      if (random.nextInt(40) == 0) {
        refs.add(randomPath(random, names, 2));
      }
    }
    List<Reference> references = refs.stream().map(OrphanDiffTest::schemaRef).toList();

    // when
    Result result = diffWithCollector(references);

    // then
    List<String> expected = listing.keySet().stream().filter(p -> !upstreamIsCovered(p, refs))
        .sorted(Comparator.comparing(OrphanDiffTest::matchKey, PathOrder.INSTANCE).thenComparing(p -> p)).toList();
    assertThat(expected).hasSizeBetween(listing.size() / 5, listing.size() * 4 / 5);
    assertThat(result.orphans()).isEqualTo(expected);
    long expectedBytes = expected.stream().mapToLong(p -> listing.get(p)[1]).sum();
    assertThat(result.counts().get(HASH).orphanedBytes() + result.counts().get(SCHEMA).orphanedBytes())
        .isEqualTo(expectedBytes);
  }

  private static String randomPath(Random random, String[] names, int minDepth) {
    StringBuilder path = new StringBuilder("s");
    int depth = minDepth + random.nextInt(5 - minDepth);
    for (int d = 0; d < depth; d++) {
      path.append('/').append(names[random.nextInt(names.length)]);
    }
    return path.toString();
  }

  private static String matchKey(String path) {
    return path.endsWith(".manifest.json") ? path.substring(0, path.length() - ".manifest.json".length()) : path;
  }

  /** A transcription of upstream's {@code _is_covered} (gc.py:62-85). */
  private static boolean upstreamIsCovered(String path, Set<String> references) {
    String key = matchKey(path);
    if (references.contains(key)) {
      return true;
    }
    for (int i = key.length() - 1; i > 0; i--) {
      if (key.charAt(i) == '/' && references.contains(key.substring(0, i))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void collectorCountsDistinctPathsPerKindAcrossDuplicates() throws IOException {
    // given
    Path target = temp.resolve("distinct.bin");
    List<Reference> references = List.of(hashRef("_hash/lab/a"), hashRef("_hash/lab/a"), hashRef("_hash/lab/a"),
        schemaRef(LAB + "b"), schemaRef(LAB + "b"), hashRef("shared"), schemaRef("shared"), hashRef("shared"),
        schemaRef(LAB + "c"));

    // when
    ReferenceCollector.ReferenceCounts counts;
    try (ReferenceCollector collector = new ReferenceCollector(temp, 2)) {
      references.forEach(collector::reference);
      counts = collector.writeDistinct(target);
    }

    // then
    assertThat(counts).isEqualTo(new ReferenceCollector.ReferenceCounts(2, 3));
    List<ReferencedPath> written = new ArrayList<>();
    try (CloseableIterator<ReferencedPath> read = RecordFile.read(target, ReferencedPath.CODEC)) {
      read.forEachRemaining(written::add);
    }
    assertThat(written).containsExactly(
        new ReferencedPath("_hash/lab/a", true, false),
        new ReferencedPath(LAB + "b", false, true),
        new ReferencedPath(LAB + "c", false, true),
        new ReferencedPath("shared", true, true));
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("only the target remains after close").containsExactly(target);
    }
  }

  @Test
  void collectorCountsEveryFindingButKeepsOnlyTheFirstThousand() {
    // given
    try (ReferenceCollector collector = new ReferenceCollector(temp, 10)) {
      // when
      for (int i = 0; i < ReferenceCollector.MAX_FINDINGS_KEPT + 5; i++) {
        collector.finding(new Finding(FindingKind.UNSAFE_PATH, "lab.t.c", "id=" + i, "bad path"));
      }

      // then
      assertThat(collector.findingCount()).isEqualTo(1005);
      assertThat(collector.findings()).hasSize(1000);
      assertThat(collector.findings().get(0).row()).isEqualTo("id=0");
      assertThat(collector.findings().get(999).row()).isEqualTo("id=999");
    }
  }
}
