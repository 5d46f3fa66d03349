package org.djgc.core.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.djgc.core.layout.HashPaths;
import org.djgc.core.storage.AbstractObjectStoreContractTest;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends AbstractObjectStoreContractTest {
  @TempDir
  Path base;

  private Path root;
  private Path spill;
  private Path outside;

  @Override
  protected ObjectStore createEmptyStore() throws IOException {
    root = Files.createDirectories(base.resolve("store"));
    spill = Files.createDirectories(base.resolve("spill"));
    outside = Files.createDirectories(base.resolve("outside"));
    return new LocalObjectStore(root, spill);
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

  @Test
  void symlinkToADirectoryOutsideTheRootMakesTheListingFailNamingIt() throws Exception {
    // given
    createFile("_schema/lab/t/a", "a");
    createFile("_schema/lab/t/z", "z");
    Files.writeString(outside.resolve("secret"), "outside");
    Files.createSymbolicLink(root.resolve("_schema/lab/t/link"), outside);

    // when / then
    assertThatThrownBy(() -> listPaths("_schema/lab"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_schema/lab/t/link")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void symlinkToAFileMakesTheListingFailNamingIt() throws Exception {
    // given
    createFile("_hash/lab/real", "a");
    Path target = Files.writeString(outside.resolve("file"), "outside");
    Files.createSymbolicLink(root.resolve("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi"), target);

    // when / then
    assertThatThrownBy(() -> listPaths("_hash"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/lab/lvauakv4jmvhnolrtwiraf6fsi");
  }

  @Test
  void symlinkPointingInsideTheRootIsRefusedToo() throws Exception {
    // given
    createFile("_schema/lab/real/f", "a");
    Files.createSymbolicLink(root.resolve("_schema/lab/alias"), root.resolve("_schema/lab/real"));

    // when / then
    assertThatThrownBy(() -> listPaths("_schema"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_schema/lab/alias");
  }

  @Test
  void listingASymlinkedPrefixIsRefused() throws Exception {
    // given
    Files.writeString(outside.resolve("secret"), "outside");
    Files.createDirectories(root.resolve("_hash"));
    Files.createSymbolicLink(root.resolve("_hash/lab"), outside);

    // when / then
    assertThatThrownBy(() -> listPaths("_hash/lab"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/lab");
    assertThatThrownBy(() -> listPaths("_hash/lab/deeper"))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void statMoveAndDeleteThroughASymlinkedDirectoryAreRefused() throws Exception {
    // given
    Path secret = Files.writeString(outside.resolve("secret"), "outside bytes");
    Files.createSymbolicLink(root.resolve("linked"), outside);
    createFile("inside/file", "inside bytes");

    // when / then
    assertThatThrownBy(() -> store.stat(ObjectKey.of("linked/secret")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("linked");
    assertThatThrownBy(() -> store.delete(ObjectKey.of("linked/secret")))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.move(ObjectKey.of("linked/secret"), ObjectKey.of("moved")))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.move(ObjectKey.of("inside/file"), ObjectKey.of("linked/planted")))
        .isInstanceOf(StorageException.class);
    assertThat(Files.readString(secret)).isEqualTo("outside bytes");
    assertThat(Files.exists(outside.resolve("planted"))).isFalse();
    assertThat(readFile(ObjectKey.of("inside/file"))).isPresent();
    assertThat(readFile(ObjectKey.of("moved"))).isEmpty();
  }

  @Test
  void deleteOfASymlinkItselfIsRefusedAndLeavesTheTarget() throws Exception {
    // given
    Path secret = Files.writeString(outside.resolve("secret"), "outside bytes");
    Files.createSymbolicLink(root.resolve("link"), secret);

    // when / then
    assertThatThrownBy(() -> store.delete(ObjectKey.of("link"))).isInstanceOf(StorageException.class);
    assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
    assertThat(Files.readString(secret)).isEqualTo("outside bytes");
  }

  @Test
  void deletingADirectoryFailsAndDeleteAllReportsItPerKey() throws Exception {
    // given
    createFile("s/dir/inner", "x");
    createFile("s/file", "y");

    // when
    BatchDeleteResult result = store.deleteAll(
        List.of(ObjectKey.of("s/file"), ObjectKey.of("s/dir"), ObjectKey.of("s/missing")));

    // then
    assertThat(result.deleted()).containsExactly(ObjectKey.of("s/file"));
    assertThat(result.absent()).containsExactly(ObjectKey.of("s/missing"));
    assertThat(result.failed()).containsOnlyKeys(ObjectKey.of("s/dir"));
    assertThat(result.failed().get(ObjectKey.of("s/dir"))).contains("s/dir").contains("not a regular file");
    assertThat(readFile(ObjectKey.of("s/dir/inner"))).isPresent();
  }

  @Test
  void moveOfADirectoryIsRefused() throws Exception {
    // given
    createFile("s/dir/inner", "x");

    // when / then
    assertThatThrownBy(() -> store.move(ObjectKey.of("s/dir"), ObjectKey.of("t/dir")))
        .isInstanceOf(StorageException.class);
    assertThat(readFile(ObjectKey.of("s/dir/inner"))).isPresent();
  }

  @Test
  void storeRootMustBeAnExistingDirectory() throws IOException {
    // given
    Path missing = base.resolve("missing");
    Path file = Files.writeString(base.resolve("plain"), "x");

    // when / then
    assertThatThrownBy(() -> new LocalObjectStore(missing, spill))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> new LocalObjectStore(file, spill))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void aSymlinkedStoreRootIsResolvedOnceAndUsable() throws Exception {
    // given
    createFile("_hash/lab/x", "x");
    Path linkedRoot = Files.createSymbolicLink(base.resolve("root-link"), root);

    // when
    List<StoredObject> listed;
    try (LocalObjectStore viaLink = new LocalObjectStore(linkedRoot, spill)) {
      listed = drain(viaLink.list(ObjectKey.ROOT, Optional.empty()));
      // then
      assertThat(viaLink.describe()).isEqualTo("file:" + root.toRealPath());
    }
    assertThat(listed).extracting(o -> o.key().path()).containsExactly("_hash/lab/x");
  }

  @Test
  void directoryWithMoreEntriesThanTheSpillThresholdListsInOrder() throws Exception {
    // given: more entries than SortedTreeListing keeps in memory, named so creation order is not key order
    int count = 50_500;
    Path big = Files.createDirectories(root.resolve("_hash/lab"));
    List<String> expected = new ArrayList<>(count + 2);
    for (int i = 0; i < count; i++) {
      String name = HashPaths.computeHash(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
      Files.createFile(big.resolve(name));
      expected.add("_hash/lab/" + name);
    }
    Files.createDirectories(big.resolve("m"));
    Files.writeString(big.resolve("m/inner"), "in a subdirectory");
    Files.writeString(big.resolve("m-sibling"), "sorts before m/");
    expected.add("_hash/lab/m/inner");
    expected.add("_hash/lab/m-sibling");
    expected.sort(null);

    // when
    List<String> listed = new ArrayList<>(expected.size());
    long spillFilesWhileListing;
    long started = System.nanoTime();
    try (ObjectListing listing = store.list(ObjectKey.of("_hash"), Optional.empty())) {
      assertThat(listing.hasNext()).isTrue();
      spillFilesWhileListing = spillFiles();
      Iterator<StoredObject> objects = listing;
      objects.forEachRemaining(o -> listed.add(o.key().path()));
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    // then
    assertThat(spillFilesWhileListing).as("the large directory spilled sorted runs").isPositive();
    assertThat(listed).hasSize(count + 2).isEqualTo(expected);
    assertThat(spillFiles()).as("spill files removed after close").isZero();
    assertThat(seconds).as("listing time in seconds").isLessThan(30);

    // and resuming in the middle of the large directory continues exactly there
    String middle = expected.get(count / 2);
    List<String> resumed = listPaths("_hash/lab", Optional.of(middle));
    assertThat(resumed).isEqualTo(expected.subList(count / 2 + 1, expected.size()));
    assertThat(spillFiles()).isZero();
  }
}
