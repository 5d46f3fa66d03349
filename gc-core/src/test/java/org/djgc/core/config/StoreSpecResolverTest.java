package org.djgc.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract §1.2: {@code get_store_spec}. */
class StoreSpecResolverTest {
  private static final DatabaseSettings DB = new DatabaseSettings("localhost", 3306, null, null, "mysql", null);

  @TempDir
  Path temp;

  private Path location;

  @BeforeEach
  void storeDirectory() throws IOException {
    location = Files.createDirectories(temp.resolve("store"));
  }

  private Map<String, Object> fileStore() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "file");
    spec.put("location", location.toString());
    return spec;
  }

  private static Map<String, Object> s3Store() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("protocol", "s3");
    spec.put("endpoint", "minio:9000");
    spec.put("bucket", "dj");
    spec.put("location", "dj/store");
    return spec;
  }

  private static DataJointConfig config(Map<String, Object> stores) {
    return new DataJointConfig(Optional.empty(), DB, stores);
  }

  private static DataJointConfig single(String name, Map<String, Object> spec) {
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put(name, spec);
    return config(stores);
  }

  private static StoreSpec resolve(DataJointConfig config, String name) {
    return StoreSpecResolver.resolve(config, Optional.of(name));
  }

  @Test
  void unknownStoreIsRefusedWithDataJointsMessage() {
    // given
    DataJointConfig config = single("main", fileStore());

    // when / then
    assertThatThrownBy(() -> resolve(config, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Storage 'x' is requested but not configured in stores")
        .hasMessageContaining("main");
  }

  @Test
  void emptyStoreNameIsLookedUpLiterallyNotAsTheDefault() {
    // given
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("default", "main");
    stores.put("main", fileStore());

    // when / then
    assertThatThrownBy(() -> resolve(config(stores), ""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Storage '' is requested but not configured in stores");
  }

  @Test
  void defaultStoreIsSelectedWhenNoNameIsGiven() {
    // given
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("default", "main");
    stores.put("filepath_default", "other");
    stores.put("main", fileStore());
    stores.put("other", fileStore());

    // when
    StoreSpec byDefault = StoreSpecResolver.resolve(config(stores), Optional.empty());
    StoreSpec other = resolve(config(stores), "other");

    // then
    assertThat(byDefault.name()).isEqualTo("main");
    assertThat(byDefault.isDefault()).isTrue();
    assertThat(other.name()).isEqualTo("other");
    assertThat(other.isDefault()).isFalse();
  }

  @Test
  void missingDefaultStoreIsRefused() {
    // given
    DataJointConfig config = single("main", fileStore());

    // when / then
    assertThatThrownBy(() -> StoreSpecResolver.resolve(config, Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.default");
  }

  @Test
  void reservedKeysAreNotStoreNames() {
    // given
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("default", "main");
    stores.put("main", fileStore());

    // when / then
    assertThatThrownBy(() -> resolve(config(stores), "default"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> resolve(config(stores), "filepath_default"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void commonDefaultsAreApplied() {
    // given
    DataJointConfig config = single("main", fileStore());

    // when
    StoreSpec spec = resolve(config, "main");

    // then
    assertThat(spec.hashPrefix()).isEqualTo("_hash");
    assertThat(spec.schemaPrefix()).isEqualTo("_schema");
    assertThat(spec.tokenLength()).isEqualTo(8);
    assertThat(spec.subfolding()).isEmpty();
    assertThat(spec.filepathPrefix()).isNull();
    assertThat(spec.partitionPattern()).isNull();
    assertThat(spec.location()).isEqualTo(location.toAbsolutePath().normalize().toString());
  }

  @Test
  void explicitSettingsAreKept() {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("subfolding", List.of(2, 2));
    raw.put("token_length", 12);
    raw.put("hash_prefix", "content");
    raw.put("schema_prefix", "objects/");
    raw.put("filepath_prefix", "acq");
    raw.put("partition_pattern", "{subject_id}");
    raw.put("stage", "/tmp/stage");

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.subfolding()).containsExactly(2, 2);
    assertThat(spec.tokenLength()).isEqualTo(12);
    assertThat(spec.hashPrefix()).isEqualTo("content");
    assertThat(spec.schemaPrefix()).isEqualTo("objects/");
    assertThat(spec.filepathPrefix()).isEqualTo("acq");
    assertThat(spec.partitionPattern()).isEqualTo("{subject_id}");
    assertThat(spec.setting("stage")).isEqualTo("/tmp/stage");
  }

  @Test
  void explicitJsonNullsOfOptionalSettingsMeanUnset() {
    // given: DataJoint's own defaults for these are None, so configs often spell them out as null
    Map<String, Object> raw = fileStore();
    raw.put("subfolding", null);
    raw.put("partition_pattern", null);
    raw.put("filepath_prefix", null);
    raw.put("token_length", null);
    raw.put("stage", null);

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.subfolding()).isEmpty();
    assertThat(spec.partitionPattern()).isNull();
    assertThat(spec.filepathPrefix()).isNull();
    assertThat(spec.tokenLength()).isEqualTo(8);
    assertThat(spec.setting("stage")).isNull();
  }

  @CsvSource({"2, 4", "4, 4", "16, 16", "40, 16"})
  @ParameterizedTest
  void tokenLengthIsClampedTo4To16(int configured, int expected) {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("token_length", configured);

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.tokenLength()).isEqualTo(expected);
  }

  @Test
  void invalidSubfoldingIsRefused() {
    // given
    Map<String, Object> zero = fileStore();
    zero.put("subfolding", List.of(2, 0));
    Map<String, Object> text = fileStore();
    text.put("subfolding", "2,2");

    // when / then
    assertThatThrownBy(() -> resolve(single("main", zero), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.subfolding");
    assertThatThrownBy(() -> resolve(single("main", text), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.subfolding");
  }

  @Test
  void protocolIsLowerCased() {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("protocol", "FiLe");

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.protocol()).isEqualTo("file");
    assertThat(spec.setting("protocol")).isEqualTo("file");
  }

  @Test
  void missingOrUnknownProtocolIsRefused() {
    // given
    Map<String, Object> missing = fileStore();
    missing.remove("protocol");
    Map<String, Object> plugin = fileStore();
    plugin.put("protocol", "databricks");

    // when / then
    assertThatThrownBy(() -> resolve(single("main", missing), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main")
        .hasMessageContaining("protocol");
    assertThatThrownBy(() -> resolve(single("main", plugin), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown protocol 'databricks'");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    // given
    Map<String, Object> file = fileStore();
    file.remove("location");
    Map<String, Object> s3 = s3Store();
    s3.remove("bucket");
    s3.remove("endpoint");
    Map<String, Object> azure = new LinkedHashMap<>(Map.of("protocol", "azure", "location", "x"));

    // when / then
    assertThatThrownBy(() -> resolve(single("main", file), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing required key(s) [location]");
    assertThatThrownBy(() -> resolve(single("arch", s3), "arch"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.arch")
        .hasMessageContaining("[bucket, endpoint]");
    assertThatThrownBy(() -> resolve(single("az", azure), "az"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[container]");
  }

  @Test
  void invalidKeysAreRefused() {
    // given
    Map<String, Object> file = fileStore();
    file.put("bucket", "b");
    Map<String, Object> s3 = s3Store();
    s3.put("project_name", "p");
    s3.put("access_key", "ak");

    // when / then
    assertThatThrownBy(() -> resolve(single("main", file), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid key(s) [bucket]");
    assertThatThrownBy(() -> resolve(single("arch", s3), "arch"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Invalid key(s) [project_name]");
  }

  @Test
  void protocolSpecificKeysAreAllowed() {
    // given
    Map<String, Object> s3 = s3Store();
    s3.put("access_key", "ak");
    s3.put("secret_key", "sk");
    s3.put("secure", false);
    s3.put("proxy_server", "proxy:3128");
    Map<String, Object> gcs = new LinkedHashMap<>(Map.of("protocol", "gcs", "bucket", "b", "location", "l",
        "token", "t", "project", "p"));
    Map<String, Object> azure = new LinkedHashMap<>(Map.of("protocol", "azure", "container", "c", "location", "l",
        "account_name", "n", "account_key", "k", "connection_string", "cs"));

    // when
    StoreSpec s3Spec = resolve(single("s3", s3), "s3");
    StoreSpec gcsSpec = resolve(single("gcs", gcs), "gcs");
    StoreSpec azureSpec = resolve(single("az", azure), "az");

    // then
    assertThat(s3Spec.settings()).containsEntry("secure", false).containsEntry("proxy_server", "proxy:3128");
    assertThat(gcsSpec.setting("project")).isEqualTo("p");
    assertThat(azureSpec.setting("container")).isEqualTo("c");
  }

  @Test
  void s3SecureDefaultsToTrue() {
    // when
    StoreSpec spec = resolve(single("arch", s3Store()), "arch");

    // then
    assertThat(spec.settings()).containsEntry("secure", Boolean.TRUE);
    assertThat(spec.location()).isEqualTo("dj/store");
    assertThat(spec.describe()).isEqualTo("s3://dj/dj/store at minio:9000");
  }

  @CsvSource({
      "data, data/objects",
      "data/objects, data",
      "same, same",
      "/same/, same",
      "a/b/, /a/b/c",
      "managed/blobs, managed/blobs/x/y"})
  @ParameterizedTest
  void overlappingSectionPrefixesAreRefused(String hashPrefix, String schemaPrefix) {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("hash_prefix", hashPrefix);
    raw.put("schema_prefix", schemaPrefix);

    // when / then
    assertThatThrownBy(() -> resolve(single("main", raw), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hash_prefix '" + hashPrefix + "'")
        .hasMessageContaining("schema_prefix '" + schemaPrefix + "'")
        .hasMessageContaining("overlap. Storage section prefixes must be mutually exclusive.");
  }

  @Test
  void filepathPrefixOverlappingASectionIsRefused() {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("filepath_prefix", "_schema/raw");

    // when / then
    assertThatThrownBy(() -> resolve(single("main", raw), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema_prefix '_schema' and filepath_prefix '_schema/raw' overlap");
  }

  @CsvSource({"a/b, a/bc", "_hash, _hashes", "x/y, x/z"})
  @ParameterizedTest
  void prefixesSharingOnlyCharactersAreNotOverlapping(String hashPrefix, String schemaPrefix) {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("hash_prefix", hashPrefix);
    raw.put("schema_prefix", schemaPrefix);

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.hashPrefix()).isEqualTo(hashPrefix);
    assertThat(spec.schemaPrefix()).isEqualTo(schemaPrefix);
  }

  @Test
  void oneEmptyPrefixIsAllowedButNotBoth() {
    // given
    Map<String, Object> oneEmpty = fileStore();
    oneEmpty.put("schema_prefix", "");
    Map<String, Object> bothEmpty = fileStore();
    bothEmpty.put("hash_prefix", "/");
    bothEmpty.put("schema_prefix", "");

    // when
    StoreSpec spec = resolve(single("main", oneEmpty), "main");

    // then
    assertThat(spec.schemaPrefix()).isEmpty();
    assertThatThrownBy(() -> resolve(single("main", bothEmpty), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hash_prefix and schema_prefix are both empty");
  }

  @Test
  void nullSectionPrefixIsRefused() {
    // given
    Map<String, Object> nullHash = fileStore();
    nullHash.put("hash_prefix", null);
    Map<String, Object> nullSchema = fileStore();
    nullSchema.put("schema_prefix", null);

    // when / then
    assertThatThrownBy(() -> resolve(single("main", nullHash), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.hash_prefix must be a string, found null");
    assertThatThrownBy(() -> resolve(single("main", nullSchema), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.schema_prefix must be a string");
  }

  @Test
  void fileLocationMustBeAnExistingDirectory() throws IOException {
    // given
    Map<String, Object> missing = fileStore();
    missing.put("location", temp.resolve("missing").toString());
    Map<String, Object> aFile = fileStore();
    aFile.put("location", Files.writeString(temp.resolve("plain.txt"), "x").toString());
    Map<String, Object> empty = fileStore();
    empty.put("location", "");

    // when / then
    assertThatThrownBy(() -> resolve(single("main", missing), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not an existing directory")
        .hasMessageContaining(temp.resolve("missing").toString());
    assertThatThrownBy(() -> resolve(single("main", aFile), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not an existing directory");
    assertThatThrownBy(() -> resolve(single("main", empty), "main"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.location is empty");
  }

  @Test
  void fileLocationIsNormalisedToAnAbsolutePath() {
    // given
    Map<String, Object> raw = fileStore();
    raw.put("location", location + "/../store/.");

    // when
    StoreSpec spec = resolve(single("main", raw), "main");

    // then
    assertThat(spec.location()).isEqualTo(location.toAbsolutePath().normalize().toString());
  }

  @Test
  void configuredStoresListsOnlyObjectEntries() {
    // given
    Map<String, Object> stores = new LinkedHashMap<>();
    stores.put("default", "main");
    stores.put("filepath_default", "raw");
    stores.put("raw", fileStore());
    stores.put("main", fileStore());

    // when / then
    assertThat(StoreSpecResolver.configuredStores(stores)).containsExactly("main", "raw");
  }

  @Test
  void storeSpecNeverShowsCredentials() {
    // given
    Map<String, Object> s3 = s3Store();
    s3.put("access_key", "AKIA-ACCESS-123");
    s3.put("secret_key", "SECRET-456");
    Map<String, Object> azure = new LinkedHashMap<>(Map.of("protocol", "azure", "container", "c", "location", "l",
        "account_key", "ACCOUNT-KEY-789", "connection_string", "CONN-STRING-000"));

    // when
    StoreSpec s3Spec = resolve(single("arch", s3), "arch");
    StoreSpec azureSpec = resolve(single("az", azure), "az");

    // then
    assertThat(s3Spec.toString()).doesNotContain("AKIA-ACCESS-123", "SECRET-456").contains("arch");
    assertThat(s3Spec.describe()).doesNotContain("AKIA-ACCESS-123", "SECRET-456");
    assertThat(azureSpec.toString()).doesNotContain("ACCOUNT-KEY-789", "CONN-STRING-000").contains("az");
    assertThat(s3Spec.setting("secret_key")).isEqualTo("SECRET-456");
  }
}
