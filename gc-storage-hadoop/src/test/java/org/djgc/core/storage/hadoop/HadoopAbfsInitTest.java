package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ABFS initialises offline when the hierarchical namespace is declared (no emulator exists here,
 * so no request is ever sent): an {@code azure} store opens on {@code abfss://}, reports no atomic
 * rename for a flat namespace, and never shows its key.
 */
class HadoopAbfsInitTest {
  private static final String ACCOUNT_KEY = "ZmFrZS1rZXktZm9yLWFuLW9mZmxpbmUtdGVzdA==";

  @TempDir
  Path temp;

  @Test
  @Timeout(30)
  void anAzureStoreOpensOfflineOnAbfssWithAFlatNamespace() {
    // given
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "azure");
    settings.put("container", "data");
    settings.put("location", "dj/store");
    settings.put("account_name", "fakeacct");
    settings.put("account_key", ACCOUNT_KEY);
    StoreSpec spec = new StoreSpec("az", true, "azure", "dj/store", List.of(), 8, "_hash", "_schema", null, null,
        settings);
    BackendOptions options = new BackendOptions(Map.of("fs.azure.account.hns.enabled", "false"), Map.of(), Map.of());

    // Hadoop's own start-up (configuration, user and group lookup) is not ABFS's: pay it first
    try (ObjectStore local = ObjectStores.open(HadoopLocalObjectStoreTest.fileSpec("warm", temp), temp,
        new BackendOptions(Map.of(), Map.of("warm", "hadoop"), Map.of()))) {
      assertThat(local).isInstanceOf(HadoopObjectStore.class);
    }

    // when
    long started = System.nanoTime();
    try (ObjectStore store = ObjectStores.open(spec, temp, options)) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      org.slf4j.LoggerFactory.getLogger(HadoopAbfsInitTest.class).info("ABFS store opened offline in {} ms",
          took.toMillis());

      // then
      assertThat(store).isInstanceOf(HadoopObjectStore.class);
      assertThat(store.describe()).isEqualTo("abfss://data@fakeacct.dfs.core.windows.net/dj/store");
      assertThat(store.toString()).doesNotContain(ACCOUNT_KEY);
      assertThat(store.capabilities().atomicRename()).as("flat namespace: copy, verify, delete").isFalse();
      assertThat(took).as("offline initialisation").isLessThan(Duration.ofSeconds(2));
    }
  }
}
