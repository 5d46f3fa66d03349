package org.djgc.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract §1.1: config sources and precedence. */
class DataJointConfigLoaderTest {
  @TempDir
  Path temp;

  private Path systemSecrets;

  @BeforeEach
  void noSystemSecrets() {
    systemSecrets = temp.resolve("run-secrets-datajoint");
  }

  private DataJointConfigLoader loader(Map<String, String> env, Path workingDirectory) {
    return new DataJointConfigLoader(env, workingDirectory, systemSecrets);
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> store(DataJointConfig config, String name) {
    return (Map<String, Object>) config.stores().get(name);
  }

  @Test
  void findsTheConfigFileInAnAncestorDirectory() throws IOException {
    // given
    Path file = write(temp.resolve("project/datajoint.json"), "{\"database\": {\"host\": \"db.example.org\"}}");
    Path cwd = Files.createDirectories(temp.resolve("project/analysis/deep"));

    // when
    DataJointConfig config = loader(Map.of(), cwd).load(Optional.empty());

    // then
    assertThat(config.source()).contains(file);
    assertThat(config.database().host()).isEqualTo("db.example.org");
  }

  @Test
  void prefersTheNearestConfigFile() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), "{\"database\": {\"host\": \"outer\"}}");
    Path inner = write(temp.resolve("project/datajoint.json"), "{\"database\": {\"host\": \"inner\"}}");
    Path cwd = Files.createDirectories(temp.resolve("project/sub"));

    // when
    DataJointConfig config = loader(Map.of(), cwd).load(Optional.empty());

    // then
    assertThat(config.source()).contains(inner);
    assertThat(config.database().host()).isEqualTo("inner");
  }

  @Test
  void upwardSearchStopsAtARepositoryRoot() throws IOException {
    // given a config file above the repository root, which must not be found
    write(temp.resolve("datajoint.json"), "{\"database\": {\"host\": \"outside-repo\"}}");
    Files.createDirectories(temp.resolve("repo/.git"));
    Path cwd = Files.createDirectories(temp.resolve("repo/src/pipeline"));

    // when
    DataJointConfig config = loader(Map.of(), cwd).load(Optional.empty());

    // then
    assertThat(config.source()).isEmpty();
    assertThat(config.database().host()).isEqualTo("localhost");
    assertThat(config.stores()).isEmpty();
  }

  @Test
  void upwardSearchStopsAtAMercurialRoot() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), "{\"database\": {\"host\": \"outside-repo\"}}");
    Files.createDirectories(temp.resolve("repo/.hg"));
    Path cwd = Files.createDirectories(temp.resolve("repo/src"));

    // when
    DataJointConfig config = loader(Map.of(), cwd).load(Optional.empty());

    // then
    assertThat(config.source()).isEmpty();
  }

  @Test
  void repositoryRootItselfIsSearchedBeforeStopping() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), "{\"database\": {\"host\": \"outside-repo\"}}");
    Files.createDirectories(temp.resolve("repo/.git"));
    Path file = write(temp.resolve("repo/datajoint.json"), "{\"database\": {\"host\": \"repo-root\"}}");
    Path cwd = Files.createDirectories(temp.resolve("repo/src"));

    // when
    DataJointConfig config = loader(Map.of(), cwd).load(Optional.empty());

    // then
    assertThat(config.source()).contains(file);
    assertThat(config.database().host()).isEqualTo("repo-root");
  }

  @Test
  void defaultsApplyWhenNoFileIsFound() throws IOException {
    // given
    Files.createDirectories(temp.resolve("repo/.git"));

    // when
    DataJointConfig config = loader(Map.of(), temp.resolve("repo")).load(Optional.empty());

    // then
    assertThat(config.database()).isEqualTo(new DatabaseSettings("localhost", 3306, null, null, "mysql", null));
    assertThat(config.defaultStoreName()).isEmpty();
  }

  @Test
  void explicitFileIsReadInsteadOfSearching() throws IOException {
    // given
    write(temp.resolve("cwd/datajoint.json"), "{\"database\": {\"host\": \"searched\"}}");
    Path explicit = write(temp.resolve("elsewhere/my-config.json"), "{\"database\": {\"host\": \"explicit\"}}");

    // when
    DataJointConfig config = loader(Map.of(), temp.resolve("cwd")).load(Optional.of(explicit));

    // then
    assertThat(config.source()).contains(explicit);
    assertThat(config.database().host()).isEqualTo("explicit");
  }

  @Test
  void missingExplicitFileIsAConfigurationError() {
    // given
    Path missing = temp.resolve("nope/datajoint.json");

    // when / then
    assertThatThrownBy(() -> loader(Map.of(), temp).load(Optional.of(missing)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void readsNestedAndFlatStoreKeys() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), """
        {
          "database.host": "flat-host",
          "database": {"port": 3307},
          "stores": {
            "default": "main",
            "main": {"protocol": "file", "location": "/data/main", "subfolding": [2, 2]}
          },
          "stores.cold.protocol": "s3",
          "stores.cold.bucket": "archive",
          "stores.filepath_default": "raw"
        }
        """);

    // when
    DataJointConfig config = loader(Map.of(), temp).load(Optional.of(file));

    // then
    assertThat(config.database().host()).isEqualTo("flat-host");
    assertThat(config.database().port()).isEqualTo(3307);
    assertThat(config.defaultStoreName()).contains("main");
    assertThat(config.stores()).containsEntry("filepath_default", "raw");
    assertThat(store(config, "main")).containsEntry("protocol", "file").containsEntry("location", "/data/main")
        .containsEntry("subfolding", java.util.List.of(2, 2));
    assertThat(store(config, "cold")).containsExactly(entry("protocol", "s3"), entry("bucket", "archive"));
  }

  @Test
  void flatKeyWithTooManyPartsIsAConfigurationError() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), "{\"stores.a.b.c\": 1}");

    // when / then
    assertThatThrownBy(() -> loader(Map.of(), temp).load(Optional.of(file)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.a.b.c");
  }

  @Test
  void secretsBesideTheFileFillOnlyMissingValues() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), """
        {"database": {"user": "file-user"},
         "stores": {"x": {"protocol": "s3", "secret_key": "file-secret"}}}
        """);
    write(temp.resolve(".secrets/database.user"), "secret-user\n");
    write(temp.resolve(".secrets/database.password"), "  s3cr3t-pw \n");
    write(temp.resolve(".secrets/stores.x.access_key"), "AKIA-FROM-SECRETS\n");
    write(temp.resolve(".secrets/stores.x.secret_key"), "secret-from-secrets");
    write(temp.resolve(".secrets/stores.y.access_key"), "for-an-unconfigured-store");
    write(temp.resolve(".secrets/.stores.x.bucket"), "hidden-file-ignored");
    write(temp.resolve(".secrets/stores.x.y.z"), "four-parts-ignored");

    // when
    DataJointConfig config = loader(Map.of(), temp).load(Optional.empty());

    // then
    assertThat(config.source()).contains(file);
    assertThat(config.database().user()).isEqualTo("file-user");
    assertThat(config.database().password()).isEqualTo("s3cr3t-pw");
    assertThat(store(config, "x")).containsOnly(entry("protocol", "s3"), entry("secret_key", "file-secret"),
        entry("access_key", "AKIA-FROM-SECRETS"));
    assertThat(config.stores()).doesNotContainKey("y");
  }

  @Test
  void systemSecretsAreUsedWhenNoSecretsDirectoryIsBesideTheFile() throws IOException {
    // given
    Path file = write(temp.resolve("project/datajoint.json"), "{\"stores\": {\"x\": {\"protocol\": \"s3\"}}}");
    write(systemSecrets.resolve("database.password"), "system-pw");
    write(systemSecrets.resolve("stores.x.secret_key"), "system-secret");

    // when
    DataJointConfig config = loader(Map.of(), temp.resolve("project")).load(Optional.of(file));

    // then
    assertThat(config.database().password()).isEqualTo("system-pw");
    assertThat(store(config, "x")).containsEntry("secret_key", "system-secret");
  }

  @Test
  void secretsBesideTheFileReplaceTheSystemSecretsDirectory() throws IOException {
    // given
    Path file = write(temp.resolve("project/datajoint.json"), "{}");
    write(temp.resolve("project/.secrets/database.user"), "local-user");
    write(systemSecrets.resolve("database.password"), "system-pw");

    // when
    DataJointConfig config = loader(Map.of(), temp.resolve("project")).load(Optional.of(file));

    // then
    assertThat(config.database().user()).isEqualTo("local-user");
    assertThat(config.database().password()).isNull();
  }

  @Test
  void environmentOverridesTheFileAndSecrets() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), """
        {"database": {"host": "file-host", "user": "file-user", "password": "file-pw", "port": 3307}}
        """);
    write(temp.resolve(".secrets/database.password"), "secret-pw");
    Map<String, String> env = Map.of("DJ_HOST", "env-host", "DJ_USER", "env-user", "DJ_PASS", "env-pw",
        "DJ_PORT", "3310");

    // when
    DataJointConfig config = loader(env, temp).load(Optional.empty());

    // then
    assertThat(config.database()).isEqualTo(new DatabaseSettings("env-host", 3310, "env-user", "env-pw", "mysql", null));
  }

  @Test
  void environmentPasswordWinsOverSecrets() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), "{}");
    write(temp.resolve(".secrets/database.password"), "secret-pw");
    write(temp.resolve(".secrets/database.user"), "secret-user");

    // when
    DataJointConfig config = loader(Map.of("DJ_PASS", "env-pw"), temp).load(Optional.empty());

    // then
    assertThat(config.database().password()).isEqualTo("env-pw");
    assertThat(config.database().user()).isEqualTo("secret-user");
  }

  @Test
  void postgresBackendDefaultsToPort5432() {
    // when
    DataJointConfig config = loader(Map.of("DJ_BACKEND", "PostgreSQL", "DJ_IGNORE_CONFIG_FILE", "true"), temp)
        .load(Optional.empty());

    // then
    assertThat(config.database().backend()).isEqualTo("postgresql");
    assertThat(config.database().port()).isEqualTo(5432);
  }

  @Test
  void postgresDatabaseIsNamedByTheFileOrDjDatabaseNameAndDefaultsToPostgres() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), """
        {"database": {"backend": "postgresql", "name": "lab_pipeline"}}
        """);

    // when
    DataJointConfig fromFile = loader(Map.of(), temp).load(Optional.empty());
    DataJointConfig fromEnv = loader(Map.of("DJ_DATABASE_NAME", "env_db"), temp).load(Optional.empty());
    DataJointConfig unset = loader(Map.of("DJ_BACKEND", "postgresql", "DJ_IGNORE_CONFIG_FILE", "true"), temp)
        .load(Optional.empty());

    // then
    assertThat(fromFile.database().name()).isEqualTo("lab_pipeline");
    assertThat(fromEnv.database().name()).isEqualTo("env_db");
    assertThat(unset.database().name()).isEqualTo("postgres");
    assertThat(fromFile.database().describe()).endsWith(":5432/lab_pipeline (postgresql)");
  }

  @Test
  void invalidPortIsAConfigurationError() {
    // when / then
    assertThatThrownBy(() -> loader(Map.of("DJ_PORT", "db", "DJ_IGNORE_CONFIG_FILE", "true"), temp)
        .load(Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.port")
        .hasMessageContaining("\"db\"");
  }

  @Test
  void unknownBackendIsAConfigurationError() {
    // when / then
    assertThatThrownBy(() -> loader(Map.of("DJ_BACKEND", "oracle", "DJ_IGNORE_CONFIG_FILE", "true"), temp)
        .load(Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("oracle");
  }

  @Test
  void djStoresReplacesTheWholeStoresBlockAndSecretsStillFillIt() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), """
        {"stores": {"default": "main", "main": {"protocol": "file", "location": "/data/main"}}}
        """);
    write(temp.resolve(".secrets/stores.archive.secret_key"), "secret-from-file");
    Map<String, String> env = Map.of("DJ_STORES",
        "{\"archive\": {\"protocol\": \"s3\", \"bucket\": \"b\", \"access_key\": \"env-ak\"}}");

    // when
    DataJointConfig config = loader(env, temp).load(Optional.empty());

    // then
    assertThat(config.stores()).containsOnlyKeys("archive");
    assertThat(config.defaultStoreName()).isEmpty();
    assertThat(store(config, "archive")).containsEntry("access_key", "env-ak")
        .containsEntry("secret_key", "secret-from-file");
  }

  @Test
  void ignoreConfigFileSkipsTheFileAndTheSecretsButNotTheEnvironment() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), """
        {"database": {"host": "file-host"}, "stores": {"main": {"protocol": "file", "location": "/x"}}}
        """);
    write(temp.resolve(".secrets/database.password"), "secret-pw");
    write(systemSecrets.resolve("database.user"), "system-user");
    Map<String, String> env = new HashMap<>();
    env.put("DJ_IGNORE_CONFIG_FILE", "true");
    env.put("DJ_USER", "env-user");

    // when
    DataJointConfig config = loader(env, temp).load(Optional.empty());

    // then
    assertThat(config.source()).isEmpty();
    assertThat(config.database()).isEqualTo(new DatabaseSettings("localhost", 3306, "env-user", null, "mysql", null));
    assertThat(config.stores()).isEmpty();
  }

  @Test
  void malformedJsonNamesTheFileLineAndColumn() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), "{\n  \"database\": {\n    \"host\": \"x\",,\n  }\n}\n");

    // when / then
    assertThatThrownBy(() -> loader(Map.of(), temp).load(Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Malformed JSON")
        .hasMessageContaining(file.toString())
        .hasMessageMatching("(?s).*at line 3, column \\d+.*");
  }

  @Test
  void malformedDjStoresIsAConfigurationErrorNamingTheVariable() {
    // when / then
    assertThatThrownBy(() -> loader(Map.of("DJ_STORES", "{\"a\": ", "DJ_IGNORE_CONFIG_FILE", "true"), temp)
        .load(Optional.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DJ_STORES")
        .hasMessageContaining("line 1");
  }

  @Test
  void configThatIsNotAnObjectIsAConfigurationError() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), "[1, 2]");

    // when / then
    assertThatThrownBy(() -> loader(Map.of(), temp).load(Optional.of(file)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void storesThatIsNotAnObjectIsAConfigurationError() throws IOException {
    // given
    Path file = write(temp.resolve("datajoint.json"), "{\"stores\": [\"main\"]}");

    // when / then
    assertThatThrownBy(() -> loader(Map.of(), temp).load(Optional.of(file)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"stores\" must be a JSON object");
  }

  @Test
  void databaseSettingsNeverShowThePassword() {
    // given
    DatabaseSettings settings = new DatabaseSettings("db.example.org", 3306, "alice", "hunter2-pw", "mysql", null);

    // when
    String text = settings.toString();
    String description = settings.describe();

    // then
    assertThat(text).doesNotContain("hunter2-pw").contains("alice").contains("db.example.org").contains("***");
    assertThat(description).doesNotContain("hunter2-pw").isEqualTo("alice@db.example.org:3306 (mysql)");
    assertThat(new DatabaseSettings("h", 1, null, null, "mysql", null).toString()).contains("password=unset");
  }

  @Test
  void loadedConfigNeverShowsPasswordsOrStorageKeys() throws IOException {
    // given
    write(temp.resolve("datajoint.json"), """
        {"database": {"password": "db-pw-123"},
         "stores": {"x": {"protocol": "s3", "access_key": "AKIA-ACCESS-123", "secret_key": "SECRET-456"}}}
        """);

    // when
    DataJointConfig config = loader(Map.of(), temp).load(Optional.empty());

    // then
    assertThat(config.toString()).doesNotContain("db-pw-123", "AKIA-ACCESS-123", "SECRET-456").contains("x");
  }

  @Test
  void useTlsComesFromTheFileAndTheEnvironmentOverridesIt() throws IOException {
    // given
    Path file = write(temp.resolve("tls/datajoint.json"), "{\"database\": {\"use_tls\": true}}");

    // when
    DataJointConfig fromFile = loader(Map.of(), temp).load(Optional.of(file));
    DataJointConfig fromEnv = loader(Map.of("DJ_USE_TLS", "false"), temp).load(Optional.of(file));
    DataJointConfig unset = loader(Map.of(), temp.resolve("none")).load(Optional.empty());

    // then
    assertThat(fromFile.database().useTls()).isTrue();
    assertThat(fromEnv.database().useTls()).isFalse();
    assertThat(unset.database().useTls()).isNull();
    assertThatThrownBy(() -> loader(Map.of("DJ_USE_TLS", "maybe"), temp).load(Optional.of(file)))
        .hasMessageContaining("Invalid database.use_tls: \"maybe\"");
  }
}
