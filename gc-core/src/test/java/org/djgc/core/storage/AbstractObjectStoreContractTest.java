package org.djgc.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ObjectStore} backend must have. A backend's test extends this class
 * and supplies a fresh, empty store per test plus direct (out-of-band) ways to create and read a
 * file, so that the port is checked against the backend's real state.
 */
public abstract class AbstractObjectStoreContractTest {
  /** The store under test, fresh and empty for each test. */
  protected ObjectStore store;

  /** Returns a new, empty store. Called once before each test. */
  protected abstract ObjectStore createEmptyStore() throws Exception;

  /**
   * Creates a file at {@code key} in the store last returned by {@link #createEmptyStore()},
   * with the given bytes, creating parent directories as the backend needs. Bypasses the port.
   */
  protected abstract void createFile(ObjectKey key, byte[] content) throws Exception;

  /**
   * Reads the bytes of the file at {@code key}, bypassing the port.
   *
   * @return the bytes, or empty when there is no file at {@code key}
   */
  protected abstract Optional<byte[]> readFile(ObjectKey key) throws Exception;

  @BeforeEach
  void openEmptyStore() throws Exception {
    store = createEmptyStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static ObjectKey key(String path) {
    return ObjectKey.of(path);
  }

  protected void createFile(String path, String content) throws Exception {
    createFile(key(path), content.getBytes(StandardCharsets.UTF_8));
  }

  protected static List<StoredObject> drain(ObjectListing listing) {
    try (listing) {
      List<StoredObject> objects = new ArrayList<>();
      listing.forEachRemaining(objects::add);
      return objects;
    }
  }

  protected List<String> listPaths(String prefix, Optional<String> startAfter) {
    ObjectKey prefixKey = prefix.isEmpty() ? ObjectKey.ROOT : key(prefix);
    return drain(store.list(prefixKey, startAfter.map(ObjectKey::of))).stream().map(o -> o.key().path()).toList();
  }

  protected List<String> listPaths(String prefix) {
    return listPaths(prefix, Optional.empty());
  }

  /** Files whose String order differs from a naive per-directory sort, plus a sibling prefix. */
  private static final List<String> TREE = List.of(
      "a/1",
      "a/.hidden",
      "a/b-c",
      "a/b.txt",
      "a/b/2",
      "a/b/c/3",
      "a/b/c/4.manifest.json",
      "a/b0",
      "a/x.manifest.json",
      "a-b/5",
      "a0",
      "ab/4",
      "b/6",
      "top");

  private void createTree() throws Exception {
    for (String path : TREE) {
      createFile(path, "content of " + path);
    }
  }

  private static List<String> sortedUnder(String prefix) {
    return TREE.stream().filter(p -> prefix.isEmpty() || p.startsWith(prefix + "/")).sorted().toList();
  }

  /** A section's files with first characters in and around every range boundary, and neighbours outside it. */
  private static final List<String> SECTION = List.of(
      "s/#t/1", "s/_t/1", "s/2a/x", "s/7z", "s/a.manifest.json", "s/a/b", "s/b", "s/b\uD83D\uDE00",
      "s/bz/c", "s/c/d", "s/m0", "s/z", "s/zz/top", "s/~t", "s/\u00e9/x", "s/\u65e5\u672c");
  private static final List<String> NEIGHBOURS = List.of("s-other/a", "sa/b", "t", "r/z");

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 32})
  void keyRangesListEveryFileOfTheSectionExactlyOnce(int count) throws Exception {
    // given
    for (String path : Stream.concat(SECTION.stream(), NEIGHBOURS.stream()).toList()) {
      createFile(path, "content of " + path);
    }

    // when
    List<String> listed = new ArrayList<>();
    for (org.djgc.core.partition.KeyRange range : org.djgc.core.partition.PartitionPlan.ranges(count)) {
      List<String> part = drain(org.djgc.core.partition.RangeListing.open(store, key("s"), range)).stream()
          .map(o -> o.key().path()).toList();
      assertThat(part).allSatisfy(p -> assertThat(range.position(p.substring(2))).as(p + " in " + range.describe())
          .isZero());
      listed.addAll(part);
    }

    // then
    assertThat(listed).containsExactlyInAnyOrderElementsOf(SECTION);
  }

  @Test
  void emptyStoreListsNothing() {
    // when / then
    assertThat(listPaths("")).isEmpty();
    assertThat(listPaths("_hash/lab")).isEmpty();
  }

  @Test
  void missingPrefixListsEmpty() throws Exception {
    // given
    createTree();

    // when / then
    assertThat(listPaths("nope")).isEmpty();
    assertThat(listPaths("a/nope/deeper")).isEmpty();
    assertThat(listPaths("c")).isEmpty();
  }

  @Test
  void prefixNamingAFileListsNothing() throws Exception {
    // given
    createTree();

    // when / then
    assertThat(listPaths("top")).isEmpty();
    assertThat(listPaths("a/1")).isEmpty();
  }

  @Test
  void recursiveListingReturnsExactlyTheFilesUnderThePrefixInStringOrder() throws Exception {
    // given
    createTree();

    // when
    List<String> underA = listPaths("a");
    List<String> underAb = listPaths("a/b");
    List<String> all = listPaths("");

    // then
    assertThat(underA).isEqualTo(sortedUnder("a"))
        .containsExactly("a/.hidden", "a/1", "a/b-c", "a/b.txt", "a/b/2", "a/b/c/3", "a/b/c/4.manifest.json", "a/b0",
            "a/x.manifest.json")
        .doesNotContain("ab/4", "a-b/5", "a0");
    assertThat(underAb).containsExactly("a/b/2", "a/b/c/3", "a/b/c/4.manifest.json");
    assertThat(all).isEqualTo(sortedUnder(""));
  }

  @Test
  void aClosedListingRefusesToGoOnRatherThanLookFinished() throws Exception {
    // given: a listing with files left
    createTree();
    ObjectListing listing = store.list(key("a"), java.util.Optional.empty());
    assertThat(listing.hasNext()).isTrue();
    listing.next();

    // when
    listing.close();
    listing.close(); // twice is harmless

    // then: no "no more files", which a caller could take for the end of the listing
    org.assertj.core.api.Assertions.assertThatThrownBy(listing::hasNext).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void listingReportsSizesOfTheListedFiles() throws Exception {
    // given
    createFile(key("s/empty"), new byte[0]);
    createFile(key("s/five"), new byte[5]);
    createFile(key("s/deep/big"), new byte[70_000]);

    // when
    List<StoredObject> objects = drain(store.list(key("s"), Optional.empty()));

    // then
    assertThat(objects).extracting(o -> o.key().path()).containsExactly("s/deep/big", "s/empty", "s/five");
    assertThat(objects).extracting(StoredObject::sizeBytes).containsExactly(70_000L, 0L, 5L);
    assertThat(objects).allSatisfy(o -> {
      assertThat(o.sizeKnown()).isTrue();
      assertThat(o.key().isUnder(key("s"))).isTrue();
    });
  }

  @Test
  void startAfterResumesExactlyAfterEveryListedKey() throws Exception {
    // given
    createTree();
    List<String> full = listPaths("a");

    for (int i = 0; i < full.size(); i++) {
      // when
      List<String> resumed = listPaths("a", Optional.of(full.get(i)));

      // then
      assertThat(resumed).as("resuming after %s", full.get(i)).isEqualTo(full.subList(i + 1, full.size()));
    }
  }

  @Test
  void startAfterResumesAfterTheLastFileOfASubdirectory() throws Exception {
    // given
    createTree();

    // when
    List<String> resumed = listPaths("", Optional.of("a/b/c/4.manifest.json"));

    // then
    assertThat(resumed).containsExactly("a/b0", "a/x.manifest.json", "a0", "ab/4", "b/6", "top");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a/b/c", "a/0", "a/b/zzz", "a/a", "a/zzz", "a-a", "a/b/c/3x", "0", "zzz"})
  void startAfterAKeyThatIsNotAFileResumesAtTheNextGreaterKey(String startAfter) throws Exception {
    // given
    createTree();
    List<String> expected = sortedUnder("").stream().filter(p -> p.compareTo(startAfter) > 0).toList();

    // when
    List<String> resumed = listPaths("", Optional.of(startAfter));

    // then
    assertThat(resumed).isEqualTo(expected);
  }

  @Test
  void statOfAFileReportsItsSize() throws Exception {
    // given
    createFile("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi", "hello");

    // when
    Optional<StoredObject> stat = store.stat(key("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi"));

    // then
    assertThat(stat).hasValueSatisfying(o -> {
      assertThat(o.key()).isEqualTo(key("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi"));
      assertThat(o.sizeBytes()).isEqualTo(5);
      assertThat(o.sizeKnown()).isTrue();
    });
  }

  @Test
  void statOfAMissingFileOrADirectoryIsEmpty() throws Exception {
    // given
    createFile("dir/sub/file", "x");

    // when / then
    assertThat(store.stat(key("missing"))).isEmpty();
    assertThat(store.stat(key("dir/missing"))).isEmpty();
    assertThat(store.stat(key("dir/sub"))).isEmpty();
    assertThat(store.stat(key("dir"))).isEmpty();
  }

  @Test
  void moveMovesTheBytesAndLeavesNoSource() throws Exception {
    // given
    createFile("_schema/lab/t/id=1/f_tok.dat", "payload bytes");

    // when
    store.move(key("_schema/lab/t/id=1/f_tok.dat"), key("_trash/run-1/_schema/lab/t/id=1/f_tok.dat"));

    // then
    assertThat(readFile(key("_trash/run-1/_schema/lab/t/id=1/f_tok.dat")))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("payload bytes"));
    assertThat(readFile(key("_schema/lab/t/id=1/f_tok.dat"))).isEmpty();
    assertThat(store.stat(key("_schema/lab/t/id=1/f_tok.dat"))).isEmpty();
    assertThat(listPaths("")).containsExactly("_trash/run-1/_schema/lab/t/id=1/f_tok.dat");
  }

  @Test
  void moveNeverOverwritesAnExistingTarget() throws Exception {
    // given
    createFile("src/file", "source bytes");
    createFile("dst/file", "target bytes");

    // when / then
    assertThatThrownBy(() -> store.move(key("src/file"), key("dst/file")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("dst/file");
    assertThat(readFile(key("src/file")))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("source bytes"));
    assertThat(readFile(key("dst/file")))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("target bytes"));
  }

  @Test
  void moveOfAMissingSourceFails() throws Exception {
    // given
    createFile("other", "x");

    // when / then
    assertThatThrownBy(() -> store.move(key("missing/file"), key("target/file")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("missing/file");
    assertThat(readFile(key("target/file"))).isEmpty();
  }

  @Test
  void deleteReportsDeletedThenAbsent() throws Exception {
    // given
    createFile("_hash/lab/x", "bytes");

    // when
    DeleteOutcome first = store.delete(key("_hash/lab/x"));
    DeleteOutcome second = store.delete(key("_hash/lab/x"));

    // then
    assertThat(first).isEqualTo(DeleteOutcome.DELETED);
    assertThat(second).isEqualTo(DeleteOutcome.ABSENT);
    assertThat(readFile(key("_hash/lab/x"))).isEmpty();
  }

  @Test
  void deleteOfAFileThatNeverExistedIsAbsent() {
    // when / then
    assertThat(store.delete(key("never/there"))).isEqualTo(DeleteOutcome.ABSENT);
  }

  @Test
  void deleteAllReportsEachKey() throws Exception {
    // given
    createFile("s/one", "1");
    createFile("s/two", "2");
    createFile("s/keep", "3");

    // when
    BatchDeleteResult result = store.deleteAll(List.of(key("s/one"), key("s/missing"), key("s/two")));

    // then
    assertThat(result.deleted()).containsExactly(key("s/one"), key("s/two"));
    assertThat(result.absent()).containsExactly(key("s/missing"));
    assertThat(result.failed()).isEmpty();
    assertThat(listPaths("s")).containsExactly("s/keep");
  }

  @Test
  void openReturnsTheBytesOfAFile() throws Exception {
    // given
    byte[] content = new byte[70_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    createFile(key("_hash/lab/ab/cd/blob"), content);

    // when
    byte[] read;
    try (java.io.InputStream in = store.open(key("_hash/lab/ab/cd/blob"))) {
      read = in.readAllBytes();
    }

    // then
    assertThat(read).isEqualTo(content);
  }

  @Test
  void openOfAMissingFileFailsNamingIt() throws Exception {
    // given
    createFile("dir/present", "x");

    // when / then
    assertThatThrownBy(() -> store.open(key("dir/missing")).close())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("dir/missing");
    assertThatThrownBy(() -> store.open(key("never/there")).close())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("never/there");
  }

  @Test
  void deleteWithoutAnExpectedEtagBehavesLikeDelete() throws Exception {
    // given
    createFile("_hash/lab/y", "bytes");
    createFile("_hash/lab/keep", "kept");

    // when
    DeleteOutcome first = store.delete(key("_hash/lab/y"), Optional.empty());
    DeleteOutcome second = store.delete(key("_hash/lab/y"), Optional.empty());
    DeleteOutcome never = store.delete(key("never/there"), Optional.empty());

    // then
    assertThat(first).isEqualTo(DeleteOutcome.DELETED);
    assertThat(second).isEqualTo(DeleteOutcome.ABSENT);
    assertThat(never).isEqualTo(DeleteOutcome.ABSENT);
    assertThat(readFile(key("_hash/lab/y"))).isEmpty();
    assertThat(listPaths("_hash")).containsExactly("_hash/lab/keep");
  }

  @Test
  void pruneEmptyParentsKeepsEveryFileAndNothingAtOrAboveTheBoundaryIsTouched() throws Exception {
    // given: a file to delete, a sibling deeper in the tree, files at and above the boundary
    createFile("top", "above the boundary");
    createFile("b/at-boundary", "directly in the boundary");
    createFile("b/x/y/sibling", "keeps b/x/y non-empty");
    createFile("b/x/y/z/file", "to be deleted");
    createFile("b2/x/file", "a sibling prefix of the boundary");
    assertThat(store.delete(key("b/x/y/z/file"))).isEqualTo(DeleteOutcome.DELETED);

    // when
    store.pruneEmptyParents(key("b/x/y/z/file"), key("b"));
    store.pruneEmptyParents(key("b/x/y/sibling"), key("b"));
    store.pruneEmptyParents(key("b/at-boundary"), key("b"));
    store.pruneEmptyParents(key("b2/x/file"), key("b"));
    store.pruneEmptyParents(key("top"), ObjectKey.ROOT);

    // then
    assertThat(listPaths("")).containsExactly("b/at-boundary", "b/x/y/sibling", "b2/x/file", "top");
    assertThat(store.stat(key("b/x/y/sibling"))).isPresent();
    assertThat(store.stat(key("b/at-boundary"))).isPresent();
    assertThat(store.stat(key("b2/x/file"))).isPresent();
    assertThat(store.stat(key("top"))).isPresent();

    // and the pruned location can be written again
    store.move(key("b/x/y/sibling"), key("b/x/y/z/file"));
    assertThat(listPaths("b")).containsExactly("b/at-boundary", "b/x/y/z/file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "/abs", "/", "a//b", "a/", "a\\b", "\\", ".", "./a", "a/./b",
      "a\u0000b"})
  void objectKeyRejectsPathsThatAreNotCanonical(String path) {
    // when / then
    assertThatThrownBy(() -> ObjectKey.of(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid object path");
    assertThat(ObjectKey.problem(path)).isNotNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void objectKeyRejectsEmptyPaths(String path) {
    // when / then
    assertThatThrownBy(() -> ObjectKey.of(path)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "_hash/lab/lv/au/lvauakv4jmvhnolrtwiraf6fsi", "a/.hidden", "a/..x", "a/b c/%2F=\u00e9"})
  void objectKeyAcceptsCanonicalPaths(String path) {
    // when
    ObjectKey key = ObjectKey.of(path);

    // then
    assertThat(key.path()).isEqualTo(path);
    assertThat(ObjectKey.problem(path)).isNull();
  }

  @Test
  void objectKeyNavigation() {
    // given
    ObjectKey dir = key("_schema/lab");

    // when
    ObjectKey file = dir.resolve("t/id=1/f");

    // then
    assertThat(file.path()).isEqualTo("_schema/lab/t/id=1/f");
    assertThat(file.fileName()).isEqualTo("f");
    assertThat(file.isUnder(dir)).isTrue();
    assertThat(file.isUnder(ObjectKey.ROOT)).isTrue();
    assertThat(key("_schema/lab2/x").isUnder(dir)).isFalse();
    assertThat(dir.isUnder(dir)).isFalse();
    assertThat(ObjectKey.ROOT.resolve("a")).isEqualTo(key("a"));
    assertThat(ObjectKey.ROOT.isRoot()).isTrue();
    assertThatThrownBy(() -> dir.resolve("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Stream.of(key("b"), key("a/b"), key("a-b")).sorted().map(ObjectKey::path))
        .containsExactly("a-b", "a/b", "b");
  }
}
