package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How DataJoint store specs map onto Hadoop URIs and keys, and which backend serves a store. */
class HadoopStoreSettingsTest {
  private static final String ACCOUNT_KEY = "c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cw==";
  private static final String SAS = "sv=2022-11-02&ss=b&srt=co&sp=rwdl&sig=SiGnAtUrE%2Bsecret";

  @TempDir
  Path temp;

  private static StoreSpec spec(String name, String protocol, String location, Object... keyValues) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", protocol);
    settings.put("location", location);
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new StoreSpec(name, true, protocol, location, List.of(), 8, "_hash", "_schema", null, null, settings);
  }

  private static HadoopStoreSettings map(StoreSpec spec) {
    return HadoopStoreSettings.from(spec, BackendOptions.DEFAULTS);
  }

  private static void assertNoSecret(HadoopStoreSettings settings, String... secrets) {
    for (String secret : secrets) {
      assertThat(settings.describe()).doesNotContain(secret);
      assertThat(settings.toString()).doesNotContain(secret);
      assertThat(settings.redact("failed with " + secret + " inside")).doesNotContain(secret);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // azure

  @Test
  void azureWithAnAccountKeyMapsToAbfssAndTheAccountKeyProperty() {
    // when
    HadoopStoreSettings settings = map(spec("az", "azure", "dj/store", "container", "data",
        "account_name", "myacct", "account_key", ACCOUNT_KEY));

    // then
    assertThat(settings.root()).isEqualTo(URI.create("abfss://data@myacct.dfs.core.windows.net/dj/store"));
    assertThat(settings.scheme()).isEqualTo("abfss");
    assertThat(settings.configuration())
        .containsEntry("fs.azure.account.key.myacct.dfs.core.windows.net", ACCOUNT_KEY)
        .containsEntry("fs.azure.account.auth.type.myacct.dfs.core.windows.net", "SharedKey");
    assertThat(settings.describe()).isEqualTo("abfss://data@myacct.dfs.core.windows.net/dj/store");
    assertNoSecret(settings, ACCOUNT_KEY);
  }

  @Test
  void azureConnectionStringsGiveTheAccountKeyAndEndpointSuffix() {
    // given
    String connection = "DefaultEndpointsProtocol=https;AccountName=cnacct;AccountKey=" + ACCOUNT_KEY
        + ";EndpointSuffix=core.chinacloudapi.cn";

    // when
    HadoopStoreSettings settings = map(spec("az", "azure", "/dj/store/", "container", "data",
        "connection_string", connection));

    // then: leading and trailing slashes of the location are not path segments
    assertThat(settings.root()).isEqualTo(URI.create("abfss://data@cnacct.dfs.core.chinacloudapi.cn/dj/store"));
    assertThat(settings.configuration())
        .containsEntry("fs.azure.account.key.cnacct.dfs.core.chinacloudapi.cn", ACCOUNT_KEY);
    assertNoSecret(settings, ACCOUNT_KEY, connection);
  }

  @Test
  void azureSharedAccessSignaturesUseTheFixedSasToken() {
    // given
    String connection = "BlobEndpoint=https://sasacct.blob.core.windows.net/;SharedAccessSignature=" + SAS;

    // when
    HadoopStoreSettings settings = map(spec("az", "azure", "", "container", "data", "connection_string", connection));

    // then
    assertThat(settings.root()).isEqualTo(URI.create("abfss://data@sasacct.dfs.core.windows.net/"));
    assertThat(settings.configuration())
        .containsEntry("fs.azure.account.auth.type.sasacct.dfs.core.windows.net", "SAS")
        .containsEntry("fs.azure.sas.fixed.token.sasacct.dfs.core.windows.net", SAS);
    assertNoSecret(settings, SAS);
  }

  @Test
  void azureWithoutKeysLeavesAuthenticationToTheHadoopConfiguration() {
    // given
    BackendOptions options = new BackendOptions(Map.of(
        "fs.azure.account.auth.type", "OAuth",
        "fs.azure.account.oauth2.client.secret", "oauth-client-secret-value"), Map.of(), Map.of());

    // when
    HadoopStoreSettings settings = HadoopStoreSettings.from(
        spec("az", "azure", "x", "container", "data", "account_name", "acct"), options);

    // then
    assertThat(settings.configuration())
        .doesNotContainKey("fs.azure.account.key.acct.dfs.core.windows.net")
        .containsEntry("fs.azure.account.auth.type", "OAuth");
    assertNoSecret(settings, "oauth-client-secret-value");
  }

  @Test
  void azureNeedsAContainerAndAnAccount() {
    // when / then
    assertThatThrownBy(() -> map(spec("az", "azure", "x", "account_name", "acct")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.az.container");
    assertThatThrownBy(() -> map(spec("az", "azure", "x", "container", "data", "account_key", ACCOUNT_KEY)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("account_name")
        .hasMessageNotContaining(ACCOUNT_KEY);
  }

  @Test
  void configuredHadoopKeysWinOverDerivedOnes() {
    // given
    BackendOptions options = new BackendOptions(Map.of(
        "fs.azure.account.auth.type.myacct.dfs.core.windows.net", "OAuth",
        "fs.azure.account.hns.enabled", "false"), Map.of(), Map.of());

    // when
    HadoopStoreSettings settings = HadoopStoreSettings.from(spec("az", "azure", "x", "container", "data",
        "account_name", "myacct", "account_key", ACCOUNT_KEY), options);

    // then
    assertThat(settings.configuration())
        .containsEntry("fs.azure.account.auth.type.myacct.dfs.core.windows.net", "OAuth")
        .containsEntry("fs.azure.account.hns.enabled", "false");
  }

  // ---------------------------------------------------------------------------------------------
  // gcs

  @Test
  void gcsMapsToGsWithProjectAndAKeyFile() {
    // when
    HadoopStoreSettings settings = map(spec("g", "gcs", "dj/store", "bucket", "my-bucket", "project", "my-project",
        "token", "/etc/dj/gcs-key.json"));

    // then
    assertThat(settings.root()).isEqualTo(URI.create("gs://my-bucket/dj/store"));
    assertThat(settings.configuration())
        .containsEntry("fs.gs.project.id", "my-project")
        .containsEntry("fs.gs.auth.type", "SERVICE_ACCOUNT_JSON_KEYFILE")
        .containsEntry("fs.gs.auth.service.account.json.keyfile", "/etc/dj/gcs-key.json")
        .containsEntry("fs.gs.checksum.type", "CRC32C");
  }

  @Test
  void gcsTokenKeywordsMapToConnectorAuthTypes() {
    assertThat(map(spec("g", "gcs", "", "bucket", "b")).configuration())
        .containsEntry("fs.gs.auth.type", "APPLICATION_DEFAULT");
    assertThat(map(spec("g", "gcs", "", "bucket", "b", "token", "google_default")).configuration())
        .containsEntry("fs.gs.auth.type", "APPLICATION_DEFAULT");
    assertThat(map(spec("g", "gcs", "", "bucket", "b", "token", "cloud")).configuration())
        .containsEntry("fs.gs.auth.type", "COMPUTE_ENGINE");
    assertThat(map(spec("g", "gcs", "", "bucket", "b", "token", "anon")).configuration())
        .containsEntry("fs.gs.auth.type", "UNAUTHENTICATED");
    assertThatThrownBy(() -> map(spec("g", "gcs", "", "bucket", "b", "token", "browser")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("interactive");
  }

  @Test
  void gcsUserCredentialsAreMappedAndRedacted() throws Exception {
    // given: gcloud's application-default user credentials, inline and as a file
    Map<String, Object> user = Map.of("type", "authorized_user", "client_id", "id.apps.googleusercontent.com",
        "client_secret", "user-client-secret", "refresh_token", "1//refresh-token-value");
    Path file = Files.writeString(temp.resolve("adc.json"), "{\"type\":\"authorized_user\",\"client_id\":\"cid\","
        + "\"client_secret\":\"file-client-secret\",\"refresh_token\":\"1//file-refresh-token\"}");

    // when
    HadoopStoreSettings inline = map(spec("g", "gcs", "", "bucket", "b", "token", user));
    HadoopStoreSettings fromFile = map(spec("g", "gcs", "", "bucket", "b", "token", file.toString()));

    // then
    assertThat(inline.configuration())
        .containsEntry("fs.gs.auth.type", "USER_CREDENTIALS")
        .containsEntry("fs.gs.auth.client.id", "id.apps.googleusercontent.com")
        .containsEntry("fs.gs.auth.client.secret", "user-client-secret")
        .containsEntry("fs.gs.auth.refresh.token", "1//refresh-token-value");
    assertNoSecret(inline, "user-client-secret", "1//refresh-token-value");
    assertThat(fromFile.configuration()).containsEntry("fs.gs.auth.type", "USER_CREDENTIALS")
        .containsEntry("fs.gs.auth.refresh.token", "1//file-refresh-token");
    assertNoSecret(fromFile, "file-client-secret", "1//file-refresh-token");
  }

  @Test
  void anInlineServiceAccountKeyIsRefusedWithoutEchoingIt() {
    // given
    String privateKey = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n";
    String json = "{\"type\":\"service_account\",\"client_email\":\"gc@p.iam.gserviceaccount.com\","
        + "\"private_key\":\"" + privateKey + "\"}";

    // when / then
    assertThatThrownBy(() -> map(spec("g", "gcs", "", "bucket", "b", "token", json)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("service_account")
        .hasMessageContaining("file")
        .hasMessageNotContaining("MIIEvQ");
  }

  @Test
  void openingAGcsStoreWithoutTheConnectorNamesTheJarToAdd() {
    // when / then: the GCS connector is not part of this build
    assertThatThrownBy(() -> ObjectStores.open(spec("g", "gcs", "dj", "bucket", "b", "token", "anon"), temp))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.g")
        .hasMessageContaining("gs://")
        .hasMessageContaining("com.google.cloud.bigdataoss:gcs-connector")
        .hasMessageContaining("shaded")
        .hasMessageContaining("loader.path");
  }

  // ---------------------------------------------------------------------------------------------
  // URI overrides: Databricks volumes, HDFS

  @Test
  void aDatabricksVolumeIsReachedThroughAUriOverrideAndNeedsItsConnector() {
    // given: the DataJoint plugin protocol for Unity Catalog volumes
    StoreSpec volume = spec("vol", "databricks", "/Volumes/main/lab/raw/dj");
    BackendOptions options = new BackendOptions(Map.of(), Map.of(),
        Map.of("vol", "dbfs:/Volumes/main/lab/raw/dj/"));

    // when
    HadoopStoreSettings settings = HadoopStoreSettings.from(volume, options);

    // then
    assertThat(settings.root()).isEqualTo(URI.create("dbfs:/Volumes/main/lab/raw/dj"));
    assertThatThrownBy(() -> ObjectStores.open(volume, temp, options))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Databricks Hadoop connector")
        .hasMessageContaining("Databricks Runtime");
    assertThatThrownBy(() -> ObjectStores.open(volume, temp))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.hadoop.uri.vol")
        .hasMessageContaining("dbfs:/Volumes/");
  }

  @Test
  void hdfsIsReachedThroughAUriOverrideAndItsFileSystemIsOnTheClasspath() {
    // given
    StoreSpec file = spec("h", "file", "/ignored");
    BackendOptions options = new BackendOptions(Map.of(), Map.of(), Map.of("h", "hdfs://namenode:8020/data/dj"));

    // when
    HadoopStoreSettings settings = HadoopStoreSettings.from(file, options);

    // then: no connection is made to check the scheme
    assertThat(settings.root()).isEqualTo(URI.create("hdfs://namenode:8020/data/dj"));
    HadoopObjectStore.requireFileSystem(settings, HadoopObjectStore.configuration(settings));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/path", "/absolute/without/scheme", "hdfs://nn/a?x=1", "hdfs://nn/a#f",
      "hdfs://nn/a//b", "dbfs:relative"})
  void aUriOverrideMustBeAnAbsoluteHadoopUri(String uri) {
    // given
    BackendOptions options = new BackendOptions(Map.of(), Map.of(), Map.of("h", uri));

    // when / then
    assertThatThrownBy(() -> HadoopStoreSettings.from(spec("h", "file", "/x"), options))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.hadoop.uri.h");
  }

  @Test
  void aPasswordInAUriOverrideIsNeverDescribed() {
    // given
    BackendOptions options = new BackendOptions(Map.of(), Map.of(),
        Map.of("h", "webhdfs://user:pa55word-secret@nn:9870/dj"));

    // when
    HadoopStoreSettings settings = HadoopStoreSettings.from(spec("h", "file", "/x"), options);

    // then
    assertThat(settings.describe()).isEqualTo("webhdfs://user:***@nn:9870/dj");
    assertNoSecret(settings, "pa55word-secret");
    assertThat(options.toString()).doesNotContain("pa55word-secret");
  }

  @Test
  void unknownSchemesNameTheImplKeyToSet() {
    // given
    BackendOptions options = new BackendOptions(Map.of(), Map.of(), Map.of("o", "ofs://om/vol/bucket/dj"));

    // when / then
    assertThatThrownBy(() -> ObjectStores.open(spec("o", "file", "/x"), temp, options))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ofs://")
        .hasMessageContaining("gc.hadoop.conf[fs.ofs.impl]");
  }

  // ---------------------------------------------------------------------------------------------
  // s3 through S3A

  @Test
  void s3SwitchedToHadoopMapsToS3aWithTheNativeBackendsReadingOfTheSpec() {
    // when
    HadoopStoreSettings settings = map(spec("s", "s3", "dj/store", "endpoint", "minio.lab:9000", "bucket", "raw",
        "secure", false, "access_key", "AKIDEXAMPLE", "secret_key", "s3-secret-value/xyz"));

    // then
    assertThat(settings.root()).isEqualTo(URI.create("s3a://raw/dj/store"));
    assertThat(settings.configuration())
        .containsEntry("fs.s3a.endpoint", "http://minio.lab:9000")
        .containsEntry("fs.s3a.endpoint.region", "us-east-1")
        .containsEntry("fs.s3a.path.style.access", "true")
        .containsEntry("fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    assertNoSecret(settings, "s3-secret-value/xyz");
  }

  @Test
  void anS3LocationWithASlashAtEitherEndIsRefusedForS3a() {
    // when / then: DataJoint's keys would be "dj/store//x", which no S3A path names
    for (String location : List.of("dj/store/", "/dj/store")) {
      assertThatThrownBy(() -> map(spec("s", "s3", location, "endpoint", "minio.lab:9000", "bucket", "raw")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("stores.s.location")
          .hasMessageContaining("native s3 backend");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // backend choice

  @Test
  void theBackendIsNativeForFileAndS3UnlessSwitchedAndHadoopOtherwise() throws Exception {
    // given
    StoreSpec file = spec("main", "file", temp.toString());

    // when / then
    try (ObjectStore nativeStore = ObjectStores.open(file, temp);
        ObjectStore hadoopStore = ObjectStores.open(file, temp,
            new BackendOptions(Map.of(), Map.of("MAIN", "Hadoop"), Map.of()))) {
      assertThat(nativeStore).isNotInstanceOf(HadoopObjectStore.class);
      assertThat(hadoopStore).isInstanceOf(HadoopObjectStore.class);
    }
  }

  @Test
  void contradictoryOrInvalidBackendChoicesAreConfigurationErrors() {
    // when / then
    assertThatThrownBy(() -> new BackendOptions(Map.of(), Map.of("main", "hdfs"), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.hadoop.backend.main");
    assertThatThrownBy(() -> ObjectStores.open(spec("az", "azure", "x", "container", "c", "account_name", "a"), temp,
        new BackendOptions(Map.of(), Map.of("az", "native"), Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no native backend");
    assertThatThrownBy(() -> ObjectStores.open(spec("f", "file", temp.toString()), temp,
        new BackendOptions(Map.of(), Map.of("f", "native"), Map.of("f", "hdfs://nn/x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.hadoop.uri.f");
  }

  @Test
  void backendOptionsNeverPrintHadoopConfigurationValues() {
    // given
    BackendOptions options = new BackendOptions(Map.of("fs.azure.account.key.a.dfs.core.windows.net", ACCOUNT_KEY),
        Map.of(), Map.of());

    // when / then
    assertThat(options.toString()).contains("fs.azure.account.key.a.dfs.core.windows.net").doesNotContain(ACCOUNT_KEY);
  }
}
