package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.AbstractObjectStoreContractTest;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop backend on Hadoop's local file system ({@code file://}, {@code RawLocalFileSystem}),
 * opened as DataJoint {@code file} stores switched to it with {@code gc.hadoop.backend}: the shared
 * contract (moves by rename), plus confinement against symbolic links and the external sort.
 */
class HadoopLocalObjectStoreTest extends AbstractObjectStoreContractTest {
  static final BackendOptions HADOOP_FOR_MAIN = new BackendOptions(Map.of(), Map.of("main", "hadoop"), Map.of());

  @TempDir
  Path base;

  private Path root;
  private Path spill;
  private Path outside;

  static StoreSpec fileSpec(String name, Path location) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "file");
    settings.put("location", location.toString());
    return new StoreSpec(name, true, "file", location.toString(), List.of(), 8, "_hash", "_schema", null, null,
        settings);
  }

  @Override
  protected ObjectStore createEmptyStore() throws IOException {
    root = Files.createDirectories(base.resolve("store"));
    spill = Files.createDirectories(base.resolve("spill"));
    outside = Files.createDirectories(base.resolve("outside"));
    return ObjectStores.open(fileSpec("main", root), spill, HADOOP_FOR_MAIN);
  }

  @Override
  protected void createFile(ObjectKey key, byte[] content) throws IOException {
    Path file = root.resolve(key.path());
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  @Override
  protected Optional<byte[]> readFile(ObjectKey key) throws IOException {
    Path file = root.resolve(key.path());
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.readAllBytes(file))
        : Optional.empty();
  }

  private long spillFiles() throws IOException {
    try (Stream<Path> files = Files.list(spill)) {
      return files.count();
    }
  }

  private List<String> allFilesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aFileStoreSwitchedToHadoopIsServedByRawLocalFileSystemAndMovesByRename() throws Exception {
    // then
    assertThat(store).isInstanceOf(HadoopObjectStore.class);
    assertThat(store.describe()).isEqualTo("file://" + root.toRealPath());
    assertThat(store.capabilities().atomicRename()).isTrue();
    assertThat(store.capabilities().serverSideCopy()).isFalse();
    assertThat(store.capabilities().conditionalDelete()).isFalse();
    assertThat(store.capabilities().maxDeleteBatch()).isEqualTo(1);

    // and without the switch the same spec keeps the native backend
    try (ObjectStore nativeStore = ObjectStores.open(fileSpec("main", root), spill)) {
      assertThat(nativeStore).isNotInstanceOf(HadoopObjectStore.class);
    }
  }

  @Test
  void movesLeaveNoChecksumSideFiles() throws Exception {
    // given
    createFile("_hash/lab/a", "bytes");

    // when
    store.move(key("_hash/lab/a"), key("_trash/r/_hash/lab/a"));
    store.delete(key("_trash/r/_hash/lab/a"));
    createFile("_hash/lab/b", "more");
    store.move(key("_hash/lab/b"), key("_trash/r/_hash/lab/b"));

    // then: RawLocalFileSystem, not the checksummed LocalFileSystem, so no .crc files appear
    assertThat(allFilesOnDisk()).containsExactly("_trash/r/_hash/lab/b");
  }

  @Test
  void storedObjectsCarryModificationTimes() throws Exception {
    // given
    createFile("a/file", "x");
    Files.setLastModifiedTime(root.resolve("a/file"), java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));

    // when
    List<StoredObject> listed = drain(store.list(ObjectKey.ROOT, Optional.empty()));

    // then
    assertThat(listed).singleElement().satisfies(o ->
        assertThat(o.lastModified()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_000_000L)));
    assertThat(store.stat(key("a/file")).orElseThrow().lastModified())
        .isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void symlinkToAFileOutsideTheRootMakesTheListingFailNamingIt() throws Exception {
    // given
    createFile("_hash/lab/real", "a");
    Path target = Files.writeString(outside.resolve("file"), "outside");
    Files.createSymbolicLink(root.resolve("_hash/lab/link"), target);

    // when / then
    assertThatThrownBy(() -> listPaths("_hash"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/lab/link")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void symlinkToADirectoryInsideOrOutsideTheRootMakesTheListingFail() throws Exception {
    // given
    createFile("_schema/lab/real/f", "a");
    Files.writeString(outside.resolve("secret"), "outside");
    Files.createSymbolicLink(root.resolve("_schema/lab/alias"), root.resolve("_schema/lab/real"));
    Files.createDirectories(root.resolve("_hash"));
    Files.createSymbolicLink(root.resolve("_hash/out"), outside);

    // when / then
    assertThatThrownBy(() -> listPaths("_schema"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_schema/lab/alias");
    assertThatThrownBy(() -> listPaths("_hash"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/out");
    assertThatThrownBy(() -> listPaths("_hash/out"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void statMoveAndDeleteThroughASymlinkedDirectoryAreRefused() throws Exception {
    // given
    Path secret = Files.writeString(outside.resolve("secret"), "outside bytes");
    Files.createSymbolicLink(root.resolve("linked"), outside);
    createFile("inside/file", "inside bytes");

    // when / then
    assertThatThrownBy(() -> store.stat(key("linked/secret")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("linked");
    assertThatThrownBy(() -> store.delete(key("linked/secret"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.open(key("linked/secret"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.move(key("linked/secret"), key("moved"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.move(key("inside/file"), key("linked/planted")))
        .isInstanceOf(StorageException.class);
    assertThat(Files.readString(secret)).isEqualTo("outside bytes");
    assertThat(Files.exists(outside.resolve("planted"))).isFalse();
    assertThat(readFile(key("inside/file"))).isPresent();
    assertThat(readFile(key("moved"))).isEmpty();
  }

  @Test
  void deletingADirectoryFailsAndDeleteAllReportsItPerKey() throws Exception {
    // given
    createFile("s/dir/inner", "x");
    createFile("s/file", "y");

    // when
    BatchDeleteResult result = store.deleteAll(List.of(key("s/file"), key("s/dir"), key("s/missing")));

    // then
    assertThat(result.deleted()).containsExactly(key("s/file"));
    assertThat(result.absent()).containsExactly(key("s/missing"));
    assertThat(result.failed()).containsOnlyKeys(key("s/dir"));
    assertThat(result.failed().get(key("s/dir"))).contains("s/dir").contains("not a file");
    assertThat(readFile(key("s/dir/inner"))).isPresent();
  }

  @Test
  void moveOfADirectoryOrOntoADirectoryIsRefused() throws Exception {
    // given
    createFile("s/dir/inner", "x");
    createFile("s/file", "y");

    // when / then
    assertThatThrownBy(() -> store.move(key("s/dir"), key("t/dir")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> store.move(key("s/file"), key("s/dir")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("target s/dir exists");
    assertThat(allFilesOnDisk()).containsExactly("s/dir/inner", "s/file");
  }

  @Test
  void theStoreRootMustBeAnExistingDirectory() throws IOException {
    // given
    Path missing = base.resolve("missing");
    Path file = Files.writeString(base.resolve("plain"), "x");

    // when / then
    assertThatThrownBy(() -> ObjectStores.open(fileSpec("main", missing), spill, HADOOP_FOR_MAIN))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> ObjectStores.open(fileSpec("main", file), spill, HADOOP_FOR_MAIN))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void listingsLargerThanTheSortBufferSpillAndStillComeOutInOrder() throws Exception {
    // given: more files than the sort buffer, in several directories
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String path = "_hash/lab/" + Integer.toHexString(i % 7) + "/" + Integer.toHexString(i * 7919);
      createFile(path, "");
      expected.add(path);
    }
    expected.sort(null);
    HadoopObjectStore small = HadoopObjectStore.open(
        HadoopStoreSettings.from(fileSpec("main", root), HADOOP_FOR_MAIN), spill, 100);

    // when
    List<String> listed = new ArrayList<>();
    long spillFilesWhileListing;
    try (small; ObjectListing listing = small.list(key("_hash"), Optional.empty())) {
      assertThat(listing.hasNext()).isTrue();
      spillFilesWhileListing = spillFiles();
      listing.forEachRemaining(o -> listed.add(o.key().path()));
    }

    // then
    assertThat(spillFilesWhileListing).isPositive();
    assertThat(listed).isEqualTo(expected);
    assertThat(spillFiles()).as("spill files removed after close").isZero();
  }

  @Test
  void aClosedListingCannotBeIterated() throws Exception {
    // given
    createFile("a/1", "x");
    ObjectListing listing = store.list(ObjectKey.ROOT, Optional.empty());
    listing.close();

    // when / then
    assertThatThrownBy(listing::hasNext).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keysWithCharactersThatUrisEscapeRoundTrip() throws Exception {
    // given
    List<String> paths = new ArrayList<>(List.of("u/b c/%2F=\u00e9", "u/x:y", "u/#frag?q=1", "u/plus+and&amp",
        "u/id=1/time=2024-01-01T10:00:00", "u/\uD83D\uDE42"));
    for (String path : paths) {
      createFile(path, "bytes of " + path);
    }
    paths.sort(null);

    // when
    List<String> listed = listPaths("u");

    // then
    assertThat(listed).isEqualTo(paths);
    for (String path : paths) {
      assertThat(store.stat(key(path))).as(path).isPresent();
      try (java.io.InputStream in = store.open(key(path))) {
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("bytes of " + path);
      }
    }
    store.move(key("u/x:y"), key("t/x:y"));
    assertThat(store.delete(key("u/b c/%2F=\u00e9"))).isEqualTo(org.djgc.core.storage.DeleteOutcome.DELETED);
    assertThat(listPaths("")).contains("t/x:y").doesNotContain("u/x:y", "u/b c/%2F=\u00e9");
  }
}
