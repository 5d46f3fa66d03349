package org.djgc.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3StoreSettingsTest {
  private static StoreSpec spec(Map<String, Object> extra) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "s3");
    settings.put("endpoint", "minio.example.org:9000");
    settings.put("bucket", "lab");
    settings.put("location", "dj/store");
    settings.putAll(extra);
    return new StoreSpec("main", false, "s3", String.valueOf(settings.get("location")), List.of(), 8, "_hash",
        "_schema", null, null, settings);
  }

  @ParameterizedTest
  @CsvSource({
      "minio.example.org:9000, true, https://minio.example.org:9000",
      "minio.example.org:9000, false, http://minio.example.org:9000",
      "http://minio.example.org:9000, true, http://minio.example.org:9000",
      "HTTPS://minio.example.org, false, HTTPS://minio.example.org",
      "s3.amazonaws.com, true, https://s3.amazonaws.com"})
  void anEndpointWithoutSchemeGetsHttpsWhenSecureAndHttpOtherwise(String endpoint, boolean secure, String expected) {
    // when
    S3StoreSettings settings = S3StoreSettings.from(spec(Map.of("endpoint", endpoint, "secure", secure)));

    // then
    assertThat(settings.endpoint()).isEqualTo(URI.create(expected));
  }

  @Test
  void secureDefaultsToTrueAndAcceptsStrings() {
    // when / then
    assertThat(S3StoreSettings.from(spec(Map.of())).endpoint().getScheme()).isEqualTo("https");
    assertThat(S3StoreSettings.from(spec(Map.of("secure", "False"))).endpoint().getScheme()).isEqualTo("http");
    assertThatThrownBy(() -> S3StoreSettings.from(spec(Map.of("secure", "maybe"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stores.main.secure");
  }

  @Test
  void credentialsAreBothOrNeitherAndNeverPrinted() {
    // when
    S3StoreSettings both = S3StoreSettings.from(spec(Map.of("access_key", "AKIDPRINTME", "secret_key", "s3cr3t")));
    S3StoreSettings neither = S3StoreSettings.from(spec(Map.of()));

    // then
    assertThat(both.accessKey()).hasValue("AKIDPRINTME");
    assertThat(neither.accessKey()).isEmpty();
    assertThat(neither.secretKey()).isEmpty();
    assertThat(both.toString() + both.describe()).doesNotContain("AKIDPRINTME").doesNotContain("s3cr3t");
    assertThatThrownBy(() -> S3StoreSettings.from(spec(Map.of("access_key", "AKIDPRINTME"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("both set or both unset")
        .message().doesNotContain("AKIDPRINTME");
    assertThatThrownBy(() -> S3StoreSettings.from(spec(Map.of("secret_key", "s3cr3t"))))
        .isInstanceOf(ConfigurationException.class)
        .message().doesNotContain("s3cr3t");
  }

  @Test
  void userInfoInTheEndpointIsDroppedAndNeverPrinted() {
    // when
    S3StoreSettings settings = S3StoreSettings.from(spec(Map.of("endpoint", "http://user:pw@minio:9000")));

    // then
    assertThat(settings.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(settings.describe()).isEqualTo("s3://lab/dj/store at http://minio:9000");
  }

  @Test
  void locationIsKeptVerbatim() {
    // when / then
    assertThat(S3StoreSettings.from(spec(Map.of("location", "/dj/store/"))).location()).isEqualTo("/dj/store/");
    assertThat(S3StoreSettings.from(spec(Map.of("location", ""))).location()).isEmpty();
  }

  @Test
  void emptyEndpointOrBucketIsRefused() {
    // when / then
    assertThatThrownBy(() -> S3StoreSettings.from(spec(Map.of("endpoint", " "))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stores.main.endpoint");
    assertThatThrownBy(() -> S3StoreSettings.from(spec(Map.of("bucket", ""))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stores.main.bucket");
  }

  @ParameterizedTest
  @CsvSource({
      "https://s3.eu-west-1.amazonaws.com, eu-west-1, true",
      "https://s3-us-west-2.amazonaws.com, us-west-2, true",
      "https://s3.dualstack.ap-south-1.amazonaws.com, ap-south-1, true",
      "https://s3.amazonaws.com, us-east-1, true",
      "http://127.0.0.1:9000, us-east-1, false",
      "https://minio.example.org, us-east-1, false"})
  void theRegionIsReadFromAnAwsEndpointAndIsUsEast1Otherwise(String endpoint, String region, boolean aws) {
    // when
    S3StoreSettings settings = S3StoreSettings.from(spec(Map.of("endpoint", endpoint)));

    // then
    assertThat(settings.region()).isEqualTo(region);
    assertThat(settings.isAws()).isEqualTo(aws);
  }

  @Test
  void settingsRefuseHalfCredentialsWhenBuiltDirectly() {
    // when / then
    assertThatThrownBy(() -> new S3StoreSettings(URI.create("http://h"), "b", "", "us-east-1", Optional.of("a"),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }
}
