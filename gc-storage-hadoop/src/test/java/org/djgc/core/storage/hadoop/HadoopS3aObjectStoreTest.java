package org.djgc.core.storage.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.AbstractObjectStoreContractTest;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.ObjectStores;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Hadoop backend on S3A against an in-process S3Proxy, opened as a DataJoint {@code s3} store
 * switched to Hadoop with {@code gc.hadoop.backend}: the shared contract (moves by streamed copy,
 * verify, delete; deletes in bulk), plus location confinement and credential hygiene.
 */
class HadoopS3aObjectStoreTest extends AbstractObjectStoreContractTest {
  private static final String ACCESS_KEY = "AKIDHADOOPTEST";
  private static final String SECRET_KEY = "hadoopTestSecret/5e4d3c2b1a";
  private static final String BUCKET = "lab";
  private static final String LOCATION = "dj/store";
  private static final BackendOptions HADOOP = new BackendOptions(Map.of(), Map.of("main", "hadoop"), Map.of());

  static {
    for (String name : List.of("org.gaul", "org.apache.hc", "software.amazon.awssdk", "io.netty", "org.apache.hadoop",
        "org.eclipse.jetty")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @RegisterExtension
  final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();

  private S3Client admin;
  private final List<ObjectStore> extraStores = new ArrayList<>();

  @Override
  protected ObjectStore createEmptyStore() {
    admin = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    return ObjectStores.open(spec(LOCATION, SECRET_KEY), java.nio.file.Path.of("target", "hadoop-s3a-spill"), HADOOP);
  }

  @AfterEach
  void closeClients() {
    extraStores.forEach(ObjectStore::close);
    if (admin != null) {
      admin.close();
    }
  }

  @Override
  protected void createFile(ObjectKey key, byte[] content) {
    put(LOCATION + "/" + key.path(), content);
  }

  @Override
  protected Optional<byte[]> readFile(ObjectKey key) {
    try {
      return Optional.of(admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(LOCATION + "/" + key.path())).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private void put(String s3Key, byte[] content) {
    admin.putObject(b -> b.bucket(BUCKET).key(s3Key), RequestBody.fromBytes(content));
  }

  private void put(String s3Key, String content) {
    put(s3Key, content.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> bucketKeys() {
    return admin.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
  }

  private StoreSpec spec(String location, String secretKey) {
    URI uri = s3proxy.getUri();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", "s3");
    settings.put("endpoint", uri.getHost() + ":" + uri.getPort());
    settings.put("bucket", BUCKET);
    settings.put("location", location);
    settings.put("secure", false);
    settings.put("access_key", ACCESS_KEY);
    settings.put("secret_key", secretKey);
    return new StoreSpec("main", true, "s3", location, List.of(), 8, "_hash", "_schema", null, null, settings);
  }

  @Test
  void anS3StoreSwitchedToHadoopIsServedByS3aAndMovesByCopy() {
    // then
    assertThat(store).isInstanceOf(HadoopObjectStore.class);
    assertThat(store.describe()).isEqualTo("s3a://lab/dj/store");
    assertThat(store.toString()).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
    assertThat(store.capabilities().atomicRename()).isFalse();
    assertThat(store.capabilities().conditionalDelete()).isFalse();
    assertThat(store.capabilities().maxDeleteBatch()).as("S3A bulk delete page size").isGreaterThan(1);
  }

  @Test
  void nothingOutsideTheLocationIsListedOrTouched() throws Exception {
    // given
    createFile("_hash/lab/x", "in the store");
    put("dj/store-other/_hash/lab/y", "a sibling location");
    put("dj/storex", "a key sharing the location's characters");
    put("dj/_hash/lab/z", "above the location");
    put("_hash/lab/w", "at the bucket root");

    // when
    store.move(key("_hash/lab/x"), key("_trash/r1/_hash/lab/x"));

    // then
    assertThat(listPaths("")).containsExactly("_trash/r1/_hash/lab/x");
    assertThat(bucketKeys()).contains("dj/store/_trash/r1/_hash/lab/x", "dj/store-other/_hash/lab/y", "dj/storex",
        "dj/_hash/lab/z", "_hash/lab/w").doesNotContain("dj/store/_hash/lab/x");
    assertThat(store.stat(key("storex"))).isEmpty();
  }

  @Test
  void listedAndStatedObjectsCarryEtags() throws Exception {
    // given
    createFile("a/x", "hello");

    // when
    List<StoredObject> listed = drain(store.list(ObjectKey.ROOT, Optional.empty()));
    StoredObject stat = store.stat(key("a/x")).orElseThrow();

    // then: S3's ETag of a single-part upload is the MD5 of the content
    assertThat(listed).singleElement().satisfies(o -> assertThat(o.etag()).isPresent());
    assertThat(stat.etag()).hasValueSatisfying(e -> assertThat(e.replace("\"", ""))
        .isEqualTo("5d41402abc4b2a76b9719d911017c592"));
  }

  @Test
  void bulkDeleteReportsEachKeyOnceAcrossPages() throws Exception {
    // given
    List<ObjectKey> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      createFile("b/" + i, "x");
      keys.add(key("b/" + i));
    }
    keys.add(key("b/missing"));
    keys.add(key("b/0"));

    // when
    BatchDeleteResult result = store.deleteAll(keys);

    // then
    assertThat(result.deleted()).hasSize(12);
    assertThat(result.absent()).containsExactly(key("b/missing"));
    assertThat(result.failed()).isEmpty();
    assertThat(listPaths("b")).isEmpty();
  }

  @Test
  void aWrongSecretFailsTheListingWithoutRevealingIt() throws Exception {
    // given
    createFile("a/x", "x");
    String wrongSecret = "wrongSecretValue/0123456789";
    ObjectStore wrong = ObjectStores.open(spec(LOCATION, wrongSecret), java.nio.file.Path.of("target"), HADOOP);
    extraStores.add(wrong);

    // when / then
    assertThatThrownBy(() -> drain(wrong.list(ObjectKey.ROOT, Optional.empty())))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongSecret);
          }
        });
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
