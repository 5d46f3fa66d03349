package org.djgc.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.StoreIdentity;
import org.junit.jupiter.api.Test;

/** An S3 store's identity: normalised endpoint, bucket and location, never the credentials. */
class S3StoreIdentityTest {
  private static StoreIdentity identity(String endpoint, boolean secure, String bucket, String location) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "s3");
    settings.put("endpoint", endpoint);
    settings.put("secure", secure);
    settings.put("bucket", bucket);
    settings.put("location", location);
    settings.put("access_key", "AKIDSECRETISH");
    settings.put("secret_key", "very-secret-key");
    StoreSpec spec = new StoreSpec("main", false, "s3", location, List.of(), 8, "_hash", "_schema", null, null,
        settings);
    try (S3ObjectStore store = new S3ObjectStore(S3StoreSettings.from(spec))) {
      return store.identity();
    }
  }

  @Test
  void anEndpointSpelledWithCaseDefaultPortOrTrailingSlashIsOneIdentity() {
    StoreIdentity plain = identity("http://host", true, "lab", "dj/store");

    assertThat(identity("HTTP://Host:80", true, "lab", "dj/store")).isEqualTo(plain);
    assertThat(identity("host", false, "lab", "dj/store")).isEqualTo(plain);
    assertThat(identity("http://HOST/", true, "lab", "dj/store")).isEqualTo(plain);
    assertThat(identity("https://host:443", true, "lab", "dj/store")).isEqualTo(plain);
    assertThat(plain.canonical()).isEqualTo("s3://lab/dj/store at host");
  }

  @Test
  void slashesOfTheLocationShareTheLockButNotTheRows() {
    // "dj/store/" addresses keys dj/store//x, another set of objects than dj/store/x
    StoreIdentity plain = identity("http://host:9000", false, "lab", "dj/store");
    StoreIdentity trailing = identity("http://host:9000", false, "lab", "dj/store/");
    StoreIdentity leading = identity("http://host:9000", false, "lab", "/dj//store");

    assertThat(trailing.lockName()).isEqualTo(plain.lockName());
    assertThat(leading.lockName()).isEqualTo(plain.lockName());
    assertThat(trailing.id()).isNotEqualTo(plain.id());
    assertThat(leading.id()).isNotEqualTo(plain.id());
  }

  @Test
  void anotherHostPortBucketOrLocationIsAnotherStore() {
    StoreIdentity plain = identity("http://host:9000", false, "lab", "dj/store");

    for (StoreIdentity other : List.of(identity("http://host2:9000", false, "lab", "dj/store"),
        identity("http://host:9001", false, "lab", "dj/store"), identity("http://host:9000", false, "lab2", "dj/store"),
        identity("http://host:9000", false, "lab", "dj/other"))) {
      assertThat(other.id()).isNotEqualTo(plain.id());
      assertThat(other.lockName()).isNotEqualTo(plain.lockName());
    }
  }

  @Test
  void theIdentityNeverContainsCredentials() {
    StoreIdentity identity = identity("http://host:9000", false, "lab", "dj/store");

    assertThat(identity.canonical() + identity.place() + identity).doesNotContain("AKIDSECRETISH")
        .doesNotContain("very-secret-key");
  }
}
