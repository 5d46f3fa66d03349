package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.local.LocalObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Hadoop store's identity: the normalised URI, or for file:// the local directory's identity. */
class HadoopStoreIdentityTest {
  @TempDir Path tmp;

  private StoreIdentity opened(Path location) {
    try (HadoopObjectStore store = HadoopObjectStore.open(HadoopStoreSettings.from(
        HadoopLocalObjectStoreTest.fileSpec("main", location), HadoopLocalObjectStoreTest.HADOOP_FOR_MAIN), tmp)) {
      return store.identity();
    }
  }

  @Test
  void aFileRootThroughALinkedParentOrDotsIsTheLocalDirectorysIdentity() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("data/store"));
    Files.createDirectories(tmp.resolve("data/other"));
    Path parent = Files.createSymbolicLink(tmp.resolve("parent"), real.getParent());

    StoreIdentity direct = opened(real);

    assertThat(opened(parent.resolve("store"))).isEqualTo(direct);
    assertThat(opened(tmp.resolve("data/other/../store"))).isEqualTo(direct);
    try (LocalObjectStore nativeStore = new LocalObjectStore(real, tmp)) {
      assertThat(direct).as("the native and the Hadoop backend share the identity").isEqualTo(nativeStore.identity());
    }
    assertThat(opened(Files.createDirectories(tmp.resolve("data/other")))).isNotEqualTo(direct);
  }

  @Test
  void aRemoteUriIsNormalisedAsHadoopAddressesIt() {
    StoreIdentity plain = HadoopObjectStore.identityOf("hdfs", "nn:8020", "/dj/store", null);

    assertThat(HadoopObjectStore.identityOf("HDFS", "nn:8020", "/dj//store/", null)).isEqualTo(plain);
    assertThat(HadoopObjectStore.identityOf("hdfs", "nn:8020", "/dj/x/../store/.", null)).isEqualTo(plain);
    assertThat(HadoopObjectStore.identityOf("hdfs", "NN:8020", "/dj/store", null).lockName())
        .isEqualTo(plain.lockName());
    assertThat(HadoopObjectStore.identityOf("hdfs", "nn:8020", "/dj/other", null).id()).isNotEqualTo(plain.id());
    assertThat(HadoopObjectStore.identityOf("hdfs", "nn2:8020", "/dj/store", null).id()).isNotEqualTo(plain.id());
    assertThat(plain.canonical()).isEqualTo("hdfs://nn:8020/dj/store");
  }
}
