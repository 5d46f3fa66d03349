package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.djgc.core.storage.AbstractObjectStoreContractTest;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.djgc.core.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop backend on a file system whose rename dj-gc does not trust ({@link
 * FaultyLocalFileSystem}: local files under an unknown scheme, listed in shuffled order, with an
 * MD5 checksum): the shared contract with moves by copy, verify, delete and an unordered
 * {@code listFiles}, plus injected faults.
 */
class HadoopCopyingObjectStoreTest extends AbstractObjectStoreContractTest {
  @TempDir
  Path base;

  private Path root;

  static BackendOptions faultyOptions(Path root) {
    return new BackendOptions(
        Map.of("fs.faulty.impl", FaultyLocalFileSystem.class.getName(), "fs.faulty.impl.disable.cache", "true"),
        Map.of(), Map.of("main", FaultyLocalFileSystem.SCHEME + "://" + root.toUri().getRawPath()));
  }

  @Override
  protected ObjectStore createEmptyStore() throws IOException {
    FaultyLocalFileSystem.reset();
    root = Files.createDirectories(base.resolve("store")).toRealPath();
    return ObjectStores.open(HadoopLocalObjectStoreTest.fileSpec("main", root), base.resolve("spill"),
        faultyOptions(root));
  }

  @AfterEach
  void resetFaults() {
    FaultyLocalFileSystem.reset();
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

  private Optional<String> text(String path) throws IOException {
    return readFile(key(path)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private List<String> allFilesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void anUnknownSchemeMovesByCopyAndTheUriOverrideIsTheRoot() {
    // then
    assertThat(store).isInstanceOf(HadoopObjectStore.class);
    assertThat(store.describe()).isEqualTo("faulty:" + root);
    assertThat(store.capabilities().atomicRename()).isFalse();
    assertThat(store.capabilities().serverSideCopy()).isFalse();
  }

  @Test
  void aListingThatFailsHalfwayThrowsInsteadOfEndingEarly() throws Exception {
    // given
    for (int i = 0; i < 10; i++) {
      createFile("_hash/lab/f" + i, "x");
    }
    FaultyLocalFileSystem.failListingAfter = 4;

    // when / then: no key at all is returned from a listing that could not be completed
    try (ObjectListing listing = store.list(key("_hash"), Optional.empty())) {
      assertThatThrownBy(listing::hasNext)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("_hash")
          .hasMessageContaining("injected listing failure")
          .hasMessageContaining("refusing a partial listing");
      assertThatThrownBy(listing::hasNext)
          .as("asking again never turns the failure into an end")
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("injected listing failure");
    }
  }

  @Test
  void aCopyThatFailsKeepsTheSourceAndRemovesThePartialTarget() throws Exception {
    // given
    createFile(key("_hash/lab/big"), new byte[3 << 20]);
    FaultyLocalFileSystem.failWriteAfterBytes = 1 << 20;

    // when / then
    assertThatThrownBy(() -> store.move(key("_hash/lab/big"), key("_trash/r/_hash/lab/big")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("copy failed, the source was kept")
        .hasMessageContaining("injected write failure");
    assertThat(allFilesOnDisk()).containsExactly("_hash/lab/big");
    assertThat(readFile(key("_hash/lab/big"))).hasValueSatisfying(b -> assertThat(b).hasSize(3 << 20));
  }

  @Test
  void aSourceThatCannotBeDeletedLeavesTheBytesInBothPlacesAndSaysSo() throws Exception {
    // given
    createFile("_hash/lab/x", "payload");
    FaultyLocalFileSystem.failDeleteOf = "/_hash/lab/x";

    // when / then
    assertThatThrownBy(() -> store.move(key("_hash/lab/x"), key("_trash/r/_hash/lab/x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("copied and verified")
        .hasMessageContaining("both keys");
    assertThat(text("_hash/lab/x")).hasValue("payload");
    assertThat(text("_trash/r/_hash/lab/x")).hasValue("payload");
  }

  @Test
  void aChecksumMismatchKeepsBothCopies() throws Exception {
    // given
    createFile("_hash/lab/x", "payload");
    FaultyLocalFileSystem.corruptChecksumOf = "/_trash/r/_hash/lab/x";

    // when / then
    assertThatThrownBy(() -> store.move(key("_hash/lab/x"), key("_trash/r/_hash/lab/x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("TEST-MD5 checksum differs")
        .hasMessageContaining("both were kept");
    assertThat(text("_hash/lab/x")).hasValue("payload");
    assertThat(text("_trash/r/_hash/lab/x")).hasValue("payload");
  }

  @Test
  void aSourceChangedDuringTheCopyIsKept() throws Exception {
    // given: the source grows while the copy is written
    createFile("_hash/lab/x", "payload");
    Path source = root.resolve("_hash/lab/x");
    FaultyLocalFileSystem.onCreate = target -> {
      try {
        Files.writeString(source, "payload, rewritten meanwhile");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };

    // when / then
    assertThatThrownBy(() -> store.move(key("_hash/lab/x"), key("_trash/r/_hash/lab/x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("_hash/lab/x");
    assertThat(text("_hash/lab/x")).hasValue("payload, rewritten meanwhile");
  }

  @Test
  void aTargetCreatedBeforeTheCopyIsNeverOverwritten() throws Exception {
    // given: the target appears between the check and the copy
    createFile("_hash/lab/x", "source");
    Path target = root.resolve("_trash/r/_hash/lab/x");
    FaultyLocalFileSystem.onCreate = p -> {};
    Files.createDirectories(target.getParent());
    Files.writeString(target, "someone else's");

    // when / then
    assertThatThrownBy(() -> store.move(key("_hash/lab/x"), key("_trash/r/_hash/lab/x")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("target _trash/r/_hash/lab/x exists");
    assertThat(text("_trash/r/_hash/lab/x")).hasValue("someone else's");
    assertThat(text("_hash/lab/x")).hasValue("source");
  }

  @Test
  void aMoveOntoItselfIsRefused() throws Exception {
    // given
    createFile("a", "x");

    // when / then
    assertThatThrownBy(() -> store.move(key("a"), key("a"))).isInstanceOf(StorageException.class);
    assertThat(text("a")).hasValue("x");
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
