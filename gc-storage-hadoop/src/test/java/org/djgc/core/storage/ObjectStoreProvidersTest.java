package org.djgc.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.hadoop.HadoopStoreProvider;
import org.djgc.core.storage.local.LocalStoreProvider;
import org.djgc.core.storage.s3.S3StoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends are found on the class path (issue 12): the choice per store, and a build without one. */
class ObjectStoreProvidersTest {
  private static final List<ObjectStoreProvider> ALL = List.of(new LocalStoreProvider(), new S3StoreProvider(),
      new HadoopStoreProvider());
  private static final List<ObjectStoreProvider> WITHOUT_HADOOP = List.of(new LocalStoreProvider(),
      new S3StoreProvider());

  @TempDir Path temp;

  @Test
  void everyBackendOfThisBuildIsRegistered() {
    assertThat(ServiceLoader.load(ObjectStoreProvider.class).stream().map(p -> p.type().getSimpleName()))
        .containsExactlyInAnyOrder("LocalStoreProvider", "S3StoreProvider", "HadoopStoreProvider");
  }

  @Test
  void eachStoreGetsItsNativeBackendOrTheOneItsOptionsName() {
    BackendOptions hadoopForF = new BackendOptions(Map.of(), Map.of("f", "hadoop"), Map.of());

    assertThat(ObjectStores.provider(spec("f", "file"), BackendOptions.DEFAULTS, ALL))
        .isInstanceOf(LocalStoreProvider.class);
    assertThat(ObjectStores.provider(spec("b", "s3"), BackendOptions.DEFAULTS, ALL)).isInstanceOf(S3StoreProvider.class);
    assertThat(ObjectStores.provider(spec("a", "azure"), BackendOptions.DEFAULTS, ALL))
        .isInstanceOf(HadoopStoreProvider.class);
    assertThat(ObjectStores.provider(spec("f", "file"), hadoopForF, ALL)).isInstanceOf(HadoopStoreProvider.class);
  }

  @Test
  void aBuildWithoutTheHadoopBackendRefusesTheStoresThatNeedItByName() {
    assertThat(ObjectStores.provider(spec("f", "file"), BackendOptions.DEFAULTS, WITHOUT_HADOOP))
        .isInstanceOf(LocalStoreProvider.class);
    assertThatThrownBy(() -> ObjectStores.provider(spec("a", "azure"), BackendOptions.DEFAULTS, WITHOUT_HADOOP))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("stores.a: protocol 'azure' needs the Hadoop FileSystem backend, which gc-batch.jar does not"
            + " contain: add dj-gc's Hadoop add-on with LOADER_PATH=/path/to/gc-hadoop.jar (or java"
            + " -Dloader.path=/path/to/gc-hadoop.jar -jar gc-batch.jar)");
  }

  @Test
  void aNativeChoiceForAProtocolWithoutANativeBackendNamesTheNativeOnes() {
    BackendOptions nativeForG = new BackendOptions(Map.of(), Map.of("g", "native"), Map.of());

    assertThatThrownBy(() -> ObjectStores.provider(spec("g", "gcs"), nativeForG, ALL))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("stores.g: protocol 'gcs' has no native backend in dj-gc (native: file, s3)");
  }

  @Test
  void theLocalProviderOpensTheDirectoryOfTheSpec() throws Exception {
    try (ObjectStore store = ObjectStores.open(spec("f", "file", temp.toString()), temp)) {
      assertThat(store.identity().place()).contains(temp.toRealPath().toString());
    }
  }

  private static StoreSpec spec(String name, String protocol) {
    return spec(name, protocol, "/x");
  }

  private static StoreSpec spec(String name, String protocol, String location) {
    return new StoreSpec(name, false, protocol, location, List.of(), 8, "_hash", "_schema", null, null, Map.of());
  }
}
