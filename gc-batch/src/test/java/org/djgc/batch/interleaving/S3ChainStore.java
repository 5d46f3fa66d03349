package org.djgc.batch.interleaving;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.djgc.batch.s3.S3DjConfig;
import org.djgc.batch.support.DjConfigFile;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@code s3} store on an in-process S3Proxy of its own, under a location inside the bucket as
 * DataJoint lays it out. S3 stamps every upload with the server's time, so a writer cannot
 * backdate files: {@link #keepsWriterTimes()} is false.
 */
final class S3ChainStore implements ChainStore {
  private static final String BUCKET = "djgcchain";
  private static final String LOCATION = "dj/store";
  private static final String ACCESS_KEY = "AKIDCHAINACCESS";
  private static final String SECRET_KEY = "chainSecret/5e4d3c2b1a";

  private final Path root;
  private final S3ProxyJunitCore proxy;
  private final S3Client s3;

  S3ChainStore(Path root) {
    this.root = root;
    proxy = new S3ProxyJunitCore.Builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
    try {
      proxy.beforeEach();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start: " + e, e);
    }
    s3 = S3Client.builder().endpointOverride(proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    try {
      s3.createBucket(b -> b.bucket(BUCKET));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void write(String path, byte[] content, Instant modified) {
    s3.putObject(b -> b.bucket(BUCKET).key(LOCATION + "/" + path), RequestBody.fromBytes(content));
  }

  @Override
  public Optional<byte[]> read(String path) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(LOCATION + "/" + path)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(LOCATION + "/" + prefix)).contents().stream()
        .map(S3Object::key).map(key -> key.substring(LOCATION.length() + 1)).sorted().toList();
  }

  @Override
  public void delete(String path) {
    s3.deleteObject(b -> b.bucket(BUCKET).key(LOCATION + "/" + path));
  }

  @Override
  public DjConfigFile configure(DjConfigFile config, String name) {
    return config.store(name, S3DjConfig.storeSpec(proxy.getUri(), BUCKET, LOCATION, ACCESS_KEY, SECRET_KEY));
  }

  @Override
  public boolean keepsWriterTimes() {
    return false;
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public Path describeRoot() {
    return root;
  }

  @Override
  public void close() {
    s3.close();
    proxy.afterEach();
  }
}
