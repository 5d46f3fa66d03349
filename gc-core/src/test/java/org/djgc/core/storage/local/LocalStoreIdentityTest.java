package org.djgc.core.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.core.storage.StoreIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local store's identity is its directory's real path (and device), whatever the spelling. */
class LocalStoreIdentityTest {
  @TempDir Path tmp;

  private StoreIdentity identity(Path location) {
    try (LocalObjectStore store = new LocalObjectStore(location, tmp)) {
      return store.identity();
    }
  }

  @Test
  void aSymlinkADottedPathAndATrailingSlashGiveTheIdentityOfTheRealDirectory() throws Exception {
    // given: one directory, spelled four ways
    Path real = Files.createDirectories(tmp.resolve("data/store"));
    Files.createDirectories(tmp.resolve("data/other"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    Path linkToParent = Files.createSymbolicLink(tmp.resolve("parent"), real.getParent());

    // when
    StoreIdentity direct = identity(real);

    // then
    assertThat(identity(link)).isEqualTo(direct);
    assertThat(identity(linkToParent.resolve("store"))).isEqualTo(direct);
    assertThat(identity(tmp.resolve("data/other/../store"))).isEqualTo(direct);
    assertThat(identity(Path.of(real + "/"))).isEqualTo(direct);
    assertThat(direct.place()).isEqualTo("file:" + real.toRealPath());
    assertThat(direct.lockName()).hasSize(51).startsWith("djgc-store-");
    assertThat(direct.id()).hasSize(40);
  }

  @Test
  void theCanonicalFormCarriesTheDeviceAndInodeWhereThePlatformHasThem() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("store"));

    StoreIdentity identity = identity(real);

    Object device = Files.getAttribute(real, "unix:dev");
    Object inode = Files.getAttribute(real, "unix:ino");
    assertThat(identity.canonical()).isEqualTo("file:" + real.toRealPath() + " dev=" + device + " ino=" + inode);
    assertThat(identity.lockNames()).hasSize(2).startsWith(identity.lockName());
  }

  @Test
  void differentDirectoriesHaveDifferentIdentitiesAndLocks() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/store"));
    Path b = Files.createDirectories(tmp.resolve("b/store"));

    StoreIdentity first = identity(a);
    StoreIdentity second = identity(b);

    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(first.lockName()).isNotEqualTo(second.lockName());
  }

  @Test
  void aDirectoryRecreatedAtTheSamePathIsAnotherIdentityButTakesTheSameLock() throws Exception {
    // e.g. two containers that mount different host directories at one path: same path, another inode
    Path real = Files.createDirectories(tmp.resolve("store"));
    StoreIdentity first = identity(real);
    Files.move(real, tmp.resolve("old"));
    Files.createDirectories(real);

    StoreIdentity second = identity(real);

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.lockName()).isEqualTo(first.lockName());
  }

  @Test
  void onePathOnAnotherDeviceIsAnotherIdentityButTheSameLock() {
    // the device id is what tells one path on two file systems apart (e.g. after another mount)
    StoreIdentity here = new StoreIdentity("file:/data/store", "file:/data/store dev=2049");
    StoreIdentity there = new StoreIdentity("file:/data/store", "file:/data/store dev=2065");

    assertThat(here.id()).isNotEqualTo(there.id());
    assertThat(here.placeId()).isEqualTo(there.placeId());
    assertThat(here.lockName()).isEqualTo(there.lockName());
  }
}
