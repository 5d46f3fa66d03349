package org.djgc.devtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djgc.core.testing.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 side of the benchmark, against the server of {@link S3Server} (its fixed credentials):
 *
 * <ul>
 *   <li>{@code bench-s3 N ENDPOINT BUCKET CONFIG_DIR}: the {@link BenchPipeline} (schema
 *       {@code djgc_bench}, store {@code bench}) with its files uploaded to {@code BUCKET} under
 *       location {@link #LOCATION}, and a {@code datajoint.json} with an {@code s3} store;</li>
 *   <li>{@code s3-delete-loop COUNT ENDPOINT BUCKET}: the upstream pattern for comparison: uploads
 *       {@code COUNT} small objects under a scratch prefix (untimed), then removes them one at a time
 *       with {@code HeadObject} + {@code DeleteObject} and prints the time.</li>
 * </ul>
 *
 * ENDPOINT is {@code host:port} (plain HTTP), as DataJoint's {@code endpoint} with {@code secure:
 * false}.
 */
final class BenchS3 {
  static final String LOCATION = "dj/bench";
  private static final int THREADS = 16;
  private static final int IN_FLIGHT = 2000;

  private BenchS3() {}

  static S3Client client(String endpoint) {
    return S3Client.builder().endpointOverride(java.net.URI.create("http://" + endpoint)).region(Region.US_EAST_1)
        .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
        .build();
  }

  static void ensureBucket(S3Client s3, String bucket) {
    boolean exists = s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket));
    if (!exists) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** {@code bench-s3}. */
  static void buildPipeline(TestDatabase db, int count, String endpoint, String bucket, Path configDir)
      throws Exception {
    try (S3Client s3 = client(endpoint); Uploader uploader = new Uploader(s3, bucket)) {
      ensureBucket(s3, bucket);
      new BenchPipeline(db, new BenchPipeline.Sink() {
        @Override
        public void write(String relative, byte[] payload) throws IOException {
          uploader.put(LOCATION + "/" + relative, payload);
        }

        @Override
        public void finish() throws IOException {
          uploader.awaitAll();
        }

        @Override
        public void writeConfig(TestDatabase database, Path dir) throws IOException {
          Files.createDirectories(dir);
          String json = """
              {
                "database": {"host": "%s", "port": %d, "user": "%s", "password": "%s", "backend": "mysql"},
                "stores": {
                  "default": "%s",
                  "%s": {"protocol": "s3", "endpoint": "%s", "bucket": "%s", "location": "%s", "secure": false,
                         "access_key": "%s", "secret_key": "%s", "subfolding": [2, 2]}
                }
              }
              """.formatted(database.host(), database.port(), database.user(), database.password(),
              BenchPipeline.STORE, BenchPipeline.STORE, endpoint, bucket, LOCATION, S3Server.ACCESS_KEY,
              S3Server.SECRET_KEY);
          Files.writeString(dir.resolve("datajoint.json"), json);
        }
      }, count).build(configDir);
    }
  }

  /** {@code s3-delete-loop}: one HeadObject and one DeleteObject per object, sequentially. */
  static void deleteLoop(int count, String endpoint, String bucket) throws Exception {
    String prefix = LOCATION + "-upstream-loop/";
    List<String> keys = new ArrayList<>(count);
    try (S3Client s3 = client(endpoint)) {
      ensureBucket(s3, bucket);
      try (Uploader uploader = new Uploader(s3, bucket)) {
        for (int i = 0; i < count; i++) {
          String key = prefix + String.format("%08d", i);
          uploader.put(key, ("bench object " + i).getBytes(StandardCharsets.UTF_8));
          keys.add(key);
        }
        uploader.awaitAll();
      }
      long start = System.nanoTime();
      int deleted = 0;
      for (String key : keys) {
        s3.headObject(b -> b.bucket(bucket).key(key));
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        deleted++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("upstream loop: %d objects, %d requests (HeadObject + DeleteObject each) in %.2f s%n",
          deleted, 2L * deleted, seconds);
      System.out.printf("loop_seconds=%.3f loop_objects=%d loop_requests=%d%n", seconds, deleted, 2L * deleted);
    }
  }

  /** Parallel PUTs with a bounded number in flight; the first failure is rethrown. */
  private static final class Uploader implements AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final List<Future<?>> pending = new ArrayList<>();

    Uploader(S3Client s3, String bucket) {
      this.s3 = s3;
      this.bucket = bucket;
    }

    void put(String key, byte[] payload) throws IOException {
      pending.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(payload))));
      if (pending.size() >= IN_FLIGHT) {
        awaitAll();
      }
    }

    void awaitAll() throws IOException {
      try {
        for (Future<?> f : pending) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while uploading", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("upload failed: " + e.getCause().getMessage(), e.getCause());
      } finally {
        pending.clear();
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
