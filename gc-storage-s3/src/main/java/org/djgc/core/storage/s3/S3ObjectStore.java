package org.djgc.core.storage.s3;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreCapabilities;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.StoredObject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A store in an S3 bucket ({@code protocol: s3}), through the AWS SDK v2. Every object key is
 * {@code {location}/{key}} with the location used verbatim, as DataJoint writes them (the key alone
 * when the location is empty).
 *
 * <p>The store is a facade over its parts, which share one {@link S3Bucket} (client, bucket, key
 * prefix, message helpers): {@link S3Listing}, {@link S3Mover} and {@link S3Deleter}.
 *
 * <p><b>Listing</b> is {@code ListObjectsV2} under {@code {location}/{prefix}/}, one page in memory
 * at a time, in whatever order the server returns keys: Amazon S3 orders by the key's UTF-8 bytes
 * ({@link #compareUtf8(String, String)}), S3Proxy by UTF-16 ({@link String#compareTo}), and other
 * S3-compatible servers in orders of their own; callers sort what they list. {@code startAfter} is
 * S3's {@code StartAfter}, meaningful only on servers that list in order. A failed page, a page
 * marked truncated without a continuation token, or a repeated token throw {@link
 * StorageException}; a listing never ends early. Directory markers (keys ending in
 * {@code /}) are skipped, and so, with a warning, are keys that are not canonical {@link ObjectKey}s
 * (for example {@code a//b}): such objects are never reported, so never moved or deleted.
 *
 * <p><b>Moves</b> copy, then delete the source, so the bytes are in at least one place at every
 * moment, with the fewest requests the protocol allows. The source version is the one the listing
 * saw (its ETag and size, when the caller passes them), else a {@code HeadObject} reads it. Up to
 * {@link #MULTIPART_COPY_THRESHOLD} one {@code CopyObject} copies it with {@code
 * x-amz-copy-source-if-match} (that version or nothing) and {@code If-None-Match: *} (never
 * overwrite the target); S3 answers 200 only once the whole object is copied, so the copy's ETag
 * is taken from the response and not read back. Amazon S3 documents {@code If-None-Match} on
 * copies; other servers may ignore it silently (S3Proxy does), so on any other endpoint a {@code
 * HeadObject} of the target comes first, and a target created by someone else between that check
 * and the copy would be overwritten. Above the threshold, multipart {@code UploadPartCopy} of the
 * same version (aborted on failure), verified by size. Where the source was read with {@code
 * HeadObject} and both ETags are plain MD5s, the copy's ETag must equal the source's. The source is
 * then deleted only if it still has the copied version's ETag. Any failure leaves the source in
 * place. Requests per move: 2 on Amazon S3 with a listed version ({@code CopyObject}, {@code
 * DeleteObject}), 3 on other servers (plus the target's {@code HeadObject}), one more without a
 * listed version.
 *
 * <p><b>Deletes</b> without an expected ETag check existence with {@code HeadObject} first ({@link
 * DeleteOutcome#ABSENT} when there is nothing). A delete with an expected ETag is one {@code
 * DeleteObject} with {@code If-Match}: {@code 412} means the object changed (nothing deleted); S3
 * does not say whether the key existed, so it reports {@link DeleteOutcome#DELETED} unless the
 * server answers {@code 404}. Before the first conditional delete a probe proves that the server
 * honours {@code If-Match} ({@link DeleteIfMatchProbe}); a server that does not (it ignores the
 * condition, answers {@code 501 NotImplemented}, or the probe proves nothing) is compared with
 * {@code HeadObject} first, which leaves a window between the check and the delete. {@link #deleteAll} uses {@code DeleteObjects} in batches of 1000 and
 * reports each key's S3 error code; whether a key existed is read from a bounded listing of the
 * batch's key range, and keys the listing could not settle are reported as deleted (S3 deletes are
 * idempotent and do not say whether anything was there).
 *
 * <p>Throttling ({@code 503 SlowDown}) and 5xx answers are retried by the SDK's standard retry
 * strategy with backoff. Messages name keys relative to the store and never contain credentials.
 */
public final class S3ObjectStore implements ObjectStore {
  /** Storage calls at once by default: each waits a round trip, so many overlap (the HTTP pool is sized to match). */
  public static final int DEFAULT_CONCURRENCY = 64;

  /** The largest object a single {@code CopyObject} may copy (5 GiB); larger ones are copied in parts. */
  public static final long MULTIPART_COPY_THRESHOLD = 5L * 1024 * 1024 * 1024;
  /** The preferred part size of a multipart copy; raised as needed to stay within 10,000 parts. */
  public static final long DEFAULT_COPY_PART_SIZE = 512L * 1024 * 1024;
  /** The most keys one {@code DeleteObjects} request takes. */
  public static final int MAX_DELETE_BATCH = 1000;
  /** The most parts of one multipart upload. */
  static final int MAX_PARTS = 10_000;
  /** HTTP connections per store: the most storage calls {@code gc.storage-concurrency} may run at once. */
  public static final int MAX_CONNECTIONS = BackendOptions.MAX_STORAGE_CONCURRENCY;
  /** Attempts per request, including the first, for throttling, 5xx and connection errors. */
  static final int MAX_ATTEMPTS = 5;

  /**
   * Tunables, package-private so tests can exercise paging and multipart copies on small data.
   *
   * @param pageSize keys per {@code ListObjectsV2} page (1 to 1000)
   * @param multipartThreshold objects larger than this are copied in parts
   * @param copyPartSize preferred part size of a multipart copy
   */
  record Tuning(int pageSize, long multipartThreshold, long copyPartSize) {
    static final Tuning DEFAULT = new Tuning(1000, MULTIPART_COPY_THRESHOLD, DEFAULT_COPY_PART_SIZE);

    Tuning {
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException("pageSize must be between 1 and 1000: " + pageSize);
      }
      if (multipartThreshold < 1 || copyPartSize < 1) {
        throw new IllegalArgumentException("multipart sizes must be positive");
      }
    }
  }

  /** One part of a multipart copy: bytes {@code first} to {@code last}, inclusive. */
  record PartRange(int number, long first, long last) {
    String httpRange() {
      return "bytes=" + first + "-" + last;
    }

    long size() {
      return last - first + 1;
    }
  }

  private final S3Bucket bucket;
  private final StoreIdentity identity;
  private final Tuning tuning;
  private final S3Deleter deleter;
  private final S3Mover mover;

  /** Opens a store with its own client, built from the store's settings. */
  public S3ObjectStore(S3StoreSettings settings) {
    this(settings, Tuning.DEFAULT, List.of());
  }

  /** Opens a store with its own client and extra SDK interceptors (tests inject faults this way). */
  S3ObjectStore(S3StoreSettings settings, Tuning tuning, List<ExecutionInterceptor> interceptors) {
    this.bucket = new S3Bucket(buildClient(settings, interceptors), settings);
    this.identity = settings.identity();
    this.tuning = Objects.requireNonNull(tuning, "tuning is null");
    this.deleter = new S3Deleter(bucket);
    this.mover = new S3Mover(bucket, this.tuning, deleter);
  }

  /**
   * The SDK client of a store: standard retries with backoff; for endpoints other than Amazon S3,
   * path-style addressing and checksums only where an operation requires them (many S3-compatible
   * servers reject the SDK's default trailing checksums).
   */
  static S3Client buildClient(S3StoreSettings settings, List<ExecutionInterceptor> interceptors) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build());
    interceptors.forEach(override::addExecutionInterceptor);
    AwsCredentialsProvider credentials = settings.accessKey().isPresent()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey().get(),
            settings.secretKey().orElseThrow()))
        : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder()
            .maxConnections(MAX_CONNECTIONS))
        .endpointOverride(settings.endpoint())
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(override.build());
    if (settings.isAws()) {
      builder.crossRegionAccessEnabled(true);
    } else {
      builder.forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  @Override
  public StoreIdentity identity() {
    return identity;
  }

  @Override
  public String describe() {
    return bucket.description;
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + bucket.description + "]";
  }

  @Override
  public StoreCapabilities capabilities() {
    return new StoreCapabilities(false, true, MAX_DELETE_BATCH, true, DEFAULT_CONCURRENCY);
  }

  // ---------------------------------------------------------------------------------------------
  // listing

  @Override
  public ObjectListing list(ObjectKey prefix, Optional<ObjectKey> startAfter) {
    String listPrefix = prefix.isRoot() ? bucket.keyPrefix : bucket.keyPrefix + prefix.path() + "/";
    return new S3Listing(bucket, tuning.pageSize(), prefix, listPrefix, startAfter.map(bucket::s3Key).orElse(null));
  }

  // ---------------------------------------------------------------------------------------------
  // stat, open

  @Override
  public Optional<StoredObject> stat(ObjectKey key) {
    return bucket.head(key, bucket.s3Key(key), "stat").map(h -> new StoredObject(key,
        h.contentLength() == null ? 0 : h.contentLength(),
        h.lastModified() == null ? Instant.EPOCH : h.lastModified(),
        Optional.ofNullable(S3Bucket.stripQuotes(h.eTag())), h.contentLength() != null));
  }

  @Override
  public InputStream open(ObjectKey key) {
    try {
      return bucket.client.getObject(b -> b.bucket(bucket.name).key(bucket.s3Key(key)));
    } catch (RuntimeException e) {
      if (S3Bucket.status(e) == 404) {
        throw new StorageException("Cannot read " + bucket.where(key) + ": no such file", bucket.cause(e));
      }
      throw new StorageException("Cannot read " + bucket.where(key) + ": " + bucket.reason(e), bucket.cause(e));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // move

  @Override
  public Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed) {
    return mover.move(source, target, listed);
  }

  /**
   * Splits {@code size} bytes into parts of {@code preferredPartSize} bytes (the last one shorter),
   * enlarging the part size when needed so that there are at most {@value #MAX_PARTS} parts.
   */
  static List<PartRange> planParts(long size, long preferredPartSize) {
    if (size <= 0) {
      throw new IllegalArgumentException("a multipart copy needs a positive size: " + size);
    }
    long partSize = Math.max(preferredPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    List<PartRange> parts = new ArrayList<>();
    int number = 1;
    for (long first = 0; first < size; first += partSize) {
      parts.add(new PartRange(number++, first, Math.min(size, first + partSize) - 1));
    }
    return parts;
  }

  // ---------------------------------------------------------------------------------------------
  // delete

  @Override
  public DeleteOutcome delete(ObjectKey key) {
    return deleter.delete(key);
  }

  @Override
  public DeleteOutcome delete(ObjectKey key, Optional<String> expectedEtag) {
    return deleter.delete(key, expectedEtag);
  }

  /**
   * Deletes many files with {@code DeleteObjects}, at most {@value #MAX_DELETE_BATCH} keys a
   * request (see {@link S3Deleter}).
   */
  @Override
  public BatchDeleteResult deleteAll(Collection<ObjectKey> keys) {
    return deleter.deleteAll(keys);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** Compares two strings as S3 orders keys: by their UTF-8 bytes, that is by code points. */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The object key of a store key: {@code {location}/{key}}. */
  String s3Key(ObjectKey key) {
    return bucket.s3Key(key);
  }

  @Override
  public void close() {
    bucket.close();
  }
}
