package org.djgc.core.storage.s3;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.EtagMismatchException;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoreCapabilities;
import org.djgc.core.storage.StoreIdentity;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * A store in an S3 bucket ({@code protocol: s3}), through the AWS SDK v2. Every object key is
 * {@code {location}/{key}} with the location used verbatim, as DataJoint writes them (the key alone
 * when the location is empty).
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

  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

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

  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;
  private final String description;
  private final StoreIdentity identity;
  private final boolean aws;
  private final Tuning tuning;
  private final List<String> secrets;
  private volatile boolean copyIfNoneMatchHonoured = true;
  private volatile boolean deleteIfMatchHonoured = true;
  private volatile boolean deleteIfMatchProbed;
  private final Object probeLock = new Object();

  /** Opens a store with its own client, built from the store's settings. */
  public S3ObjectStore(S3StoreSettings settings) {
    this(settings, Tuning.DEFAULT, List.of());
  }

  /** Opens a store with its own client and extra SDK interceptors (tests inject faults this way). */
  S3ObjectStore(S3StoreSettings settings, Tuning tuning, List<ExecutionInterceptor> interceptors) {
    this.client = buildClient(settings, interceptors);
    this.bucket = settings.bucket();
    this.keyPrefix = settings.location().isEmpty() ? "" : settings.location() + "/";
    this.description = settings.describe();
    this.identity = settings.identity();
    this.aws = settings.isAws();
    this.tuning = Objects.requireNonNull(tuning, "tuning is null");
    List<String> hidden = new ArrayList<>();
    settings.accessKey().ifPresent(hidden::add);
    settings.secretKey().ifPresent(hidden::add);
    this.secrets = List.copyOf(hidden);
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
    return description;
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + description + "]";
  }

  @Override
  public StoreCapabilities capabilities() {
    return new StoreCapabilities(false, true, MAX_DELETE_BATCH, true, DEFAULT_CONCURRENCY);
  }

  // ---------------------------------------------------------------------------------------------
  // listing

  @Override
  public ObjectListing list(ObjectKey prefix, Optional<ObjectKey> startAfter) {
    String listPrefix = prefix.isRoot() ? keyPrefix : keyPrefix + prefix.path() + "/";
    return new Listing(prefix, listPrefix, startAfter.map(this::s3Key).orElse(null));
  }

  /** A lazy listing holding one page at a time. */
  private final class Listing implements ObjectListing {
    private final ObjectKey prefix;
    private final String listPrefix;
    private final String startAfter;
    private String continuationToken;
    private List<S3Object> page = List.of();
    private int position;
    private boolean lastPage;
    private boolean closed;
    private StoredObject next;
    private int pages;

    Listing(ObjectKey prefix, String listPrefix, String startAfter) {
      this.prefix = prefix;
      this.listPrefix = listPrefix;
      this.startAfter = startAfter;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        throw new IllegalStateException("listing of " + where(prefix) + " is closed");
      }
      while (next == null) {
        if (position < page.size()) {
          next = toStoredObject(page.get(position++));
        } else if (lastPage) {
          return false;
        } else {
          fetchPage();
        }
      }
      return true;
    }

    @Override
    public StoredObject next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      StoredObject result = next;
      next = null;
      return result;
    }

    private void fetchPage() {
      ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).maxKeys(tuning.pageSize());
      if (!listPrefix.isEmpty()) {
        request.prefix(listPrefix);
      }
      if (continuationToken != null) {
        request.continuationToken(continuationToken);
      } else if (startAfter != null) {
        request.startAfter(startAfter);
      }
      ListObjectsV2Response response;
      try {
        response = client.listObjectsV2(request.build());
      } catch (RuntimeException e) {
        throw new StorageException("Cannot list " + where(prefix) + " (page " + (pages + 1) + "): " + reason(e), cause(e));
      }
      pages++;
      page = response.contents() == null ? List.of() : response.contents();
      position = 0;
      if (Boolean.TRUE.equals(response.isTruncated())) {
        String token = response.nextContinuationToken();
        if (token == null || token.isEmpty()) {
          throw new StorageException("Cannot list " + where(prefix) + ": page " + pages
              + " is marked truncated but has no continuation token; refusing a partial listing");
        }
        if (token.equals(continuationToken)) {
          throw new StorageException("Cannot list " + where(prefix) + ": page " + pages
              + " repeats the previous continuation token; refusing a listing that would not end");
        }
        continuationToken = token;
      } else {
        lastPage = true;
      }
    }

    private StoredObject toStoredObject(S3Object object) {
      String key = object.key();
      if (key == null || !key.startsWith(listPrefix)) {
        throw new StorageException("Cannot list " + where(prefix) + ": the server returned a key outside the prefix");
      }
      if (key.endsWith("/")) {
        return null; // a directory marker, not a file
      }
      String relative = key.substring(keyPrefix.length());
      String problem = ObjectKey.problem(relative);
      if (problem != null) {
        LOG.warn("Skipping object '{}' in {}: not a canonical store path ({}); it is never moved or deleted",
            relative, description, problem);
        return null;
      }
      Long size = object.size();
      Instant modified = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
      return new StoredObject(ObjectKey.of(relative), size == null ? 0 : size, modified,
          Optional.ofNullable(stripQuotes(object.eTag())), size != null);
    }

    @Override
    public void close() {
      closed = true;
      page = List.of();
      next = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // stat, open

  @Override
  public Optional<StoredObject> stat(ObjectKey key) {
    return head(key, s3Key(key), "stat").map(h -> new StoredObject(key,
        h.contentLength() == null ? 0 : h.contentLength(),
        h.lastModified() == null ? Instant.EPOCH : h.lastModified(),
        Optional.ofNullable(stripQuotes(h.eTag())), h.contentLength() != null));
  }

  @Override
  public InputStream open(ObjectKey key) {
    try {
      return client.getObject(b -> b.bucket(bucket).key(s3Key(key)));
    } catch (RuntimeException e) {
      if (status(e) == 404) {
        throw new StorageException("Cannot read " + where(key) + ": no such file", cause(e));
      }
      throw new StorageException("Cannot read " + where(key) + ": " + reason(e), cause(e));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // move

  @Override
  public Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed) {
    if (source.equals(target)) {
      throw new StorageException("Cannot move " + where(source) + " onto itself");
    }
    String from = s3Key(source);
    String to = s3Key(target);
    String what = "Cannot move " + source + " to " + target + " in " + description;
    Optional<StoredObject> version = listed.filter(o -> o.etag().isPresent() && o.sizeKnown()
        && o.sizeBytes() <= tuning.multipartThreshold());
    HeadObjectResponse original = null;
    String sourceEtag;
    long size;
    if (version.isPresent()) {
      sourceEtag = version.get().etag().get();
      size = version.get().sizeBytes();
    } else {
      original = head(source, from, "move").orElseThrow(() -> new StorageException(what + ": no such file " + source));
      sourceEtag = stripQuotes(original.eTag());
      size = original.contentLength() == null ? -1 : original.contentLength();
      Optional<String> listedEtag = listed.flatMap(StoredObject::etag);
      if (listedEtag.isPresent() && !listedEtag.get().equals(sourceEtag)) {
        throw new StorageException(what + ": the source changed since it was listed (ETag " + listedEtag.get()
            + ", now " + sourceEtag + "); it was kept");
      }
    }
    if (!copyIfNoneMatchTrusted() && head(target, to, "move").isPresent()) {
      throw new StorageException(what + ": target " + target + " exists");
    }
    boolean multipart = size > tuning.multipartThreshold();
    String copyEtag;
    try {
      if (multipart) {
        copyInParts(from, to, original, size);
        copyEtag = verifyPartCopy(target, to, size, what);
      } else {
        copyEtag = copyWhole(from, to, sourceEtag, target, what);
      }
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      if (status(e) == 412) {
        boolean targetExists = head(target, to, "move").isPresent();
        throw new StorageException(what + ": " + (targetExists ? "target " + target + " exists"
            : "source " + source + " is no longer the version " + sourceEtag) + "; the source was kept", cause(e));
      }
      if (status(e) == 404) {
        throw new StorageException(what + ": no such file " + source + " (it vanished during the copy)", cause(e));
      }
      throw new StorageException(what + ": copy failed, the source was kept: " + reason(e), cause(e));
    }
    if (!multipart && original != null && etagsComparable(original) && !sourceEtag.equals(copyEtag)) {
      throw new StorageException(what + ": the copy's ETag " + copyEtag + " differs from the source's "
          + sourceEtag + "; both were kept");
    }
    try {
      deleteIfUnchanged(source, from, sourceEtag);
    } catch (StorageException e) {
      throw new StorageException(what + ": copied, but the source could not be deleted, so the bytes are at both"
          + " keys: " + e.getMessage(), e);
    }
    return Optional.ofNullable(copyEtag);
  }

  /**
   * Whether {@code If-None-Match} on copies can be relied on to refuse an existing target: Amazon
   * S3 documents it for {@code CopyObject}; other servers (S3Proxy among them) may ignore it
   * silently, so there the target is checked with {@code HeadObject} first.
   */
  private boolean copyIfNoneMatchTrusted() {
    return aws && copyIfNoneMatchHonoured;
  }

  /** A multipart copy is checked by size with {@code HeadObject}; returns the copy's ETag. */
  private String verifyPartCopy(ObjectKey target, String to, long size, String what) {
    HeadObjectResponse copy = head(target, to, "verify")
        .orElseThrow(() -> new StorageException(what + ": the copy is missing after copying; the source was kept"));
    long copySize = copy.contentLength() == null ? -1 : copy.contentLength();
    if (copySize != size) {
      throw new StorageException(what + ": the copy has " + copySize + " bytes but the source has " + size
          + "; both were kept");
    }
    return stripQuotes(copy.eTag());
  }

  /**
   * One {@code CopyObject} of the source version {@code sourceEtag}; returns the copy's ETag from
   * the response (S3 answers 200 only once the whole object is copied).
   */
  private String copyWhole(String from, String to, String sourceEtag, ObjectKey target, String what) {
    boolean conditional = copyIfNoneMatchHonoured;
    CopyObjectResponse response;
    try {
      response = client.copyObject(copyRequest(from, to, sourceEtag, conditional));
    } catch (RuntimeException e) {
      if (!conditional || status(e) != 501) {
        throw e;
      }
      LOG.warn("{} does not implement If-None-Match on CopyObject; moves now rely on checking the target first",
          description);
      copyIfNoneMatchHonoured = false;
      if (head(target, to, "move").isPresent()) {
        throw new StorageException(what + ": target " + target + " exists");
      }
      response = client.copyObject(copyRequest(from, to, sourceEtag, false));
    }
    return response.copyObjectResult() == null ? null : stripQuotes(response.copyObjectResult().eTag());
  }

  private CopyObjectRequest copyRequest(String from, String to, String sourceEtag, boolean ifNoneMatch) {
    CopyObjectRequest.Builder request = CopyObjectRequest.builder()
        .sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to);
    if (sourceEtag != null) {
      request.copySourceIfMatch("\"" + sourceEtag + "\"");
    }
    if (ifNoneMatch) {
      request.ifNoneMatch("*");
    }
    return request.build();
  }

  private void copyInParts(String from, String to, HeadObjectResponse original, long size) {
    CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(to)
        .contentType(original.contentType())
        .contentEncoding(original.contentEncoding())
        .contentDisposition(original.contentDisposition())
        .contentLanguage(original.contentLanguage())
        .cacheControl(original.cacheControl());
    if (original.metadata() != null && !original.metadata().isEmpty()) {
      create.metadata(original.metadata());
    }
    String uploadId = client.createMultipartUpload(create.build()).uploadId();
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (PartRange part : planParts(size, tuning.copyPartSize())) {
        UploadPartCopyResponse response = client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(from)
            .destinationBucket(bucket).destinationKey(to).uploadId(uploadId).partNumber(part.number())
            .copySourceRange(part.httpRange()).copySourceIfMatch(original.eTag()));
        parts.add(CompletedPart.builder().partNumber(part.number()).eTag(response.copyPartResult().eTag()).build());
      }
      completeUpload(to, uploadId, parts);
      completed = true;
    } finally {
      if (!completed) {
        try {
          client.abortMultipartUpload(b -> b.bucket(bucket).key(to).uploadId(uploadId));
        } catch (RuntimeException e) {
          LOG.warn("Could not abort multipart upload {} of {} in {}: {}", uploadId, relativeForMessage(to),
              description, reason(e));
        }
      }
    }
  }

  private void completeUpload(String to, String uploadId, List<CompletedPart> parts) {
    CompletedMultipartUpload upload = CompletedMultipartUpload.builder().parts(parts).build();
    boolean conditional = copyIfNoneMatchHonoured;
    try {
      client.completeMultipartUpload(b -> {
        b.bucket(bucket).key(to).uploadId(uploadId).multipartUpload(upload);
        if (conditional) {
          b.ifNoneMatch("*");
        }
      });
    } catch (RuntimeException e) {
      if (!conditional || status(e) != 501) {
        throw e;
      }
      copyIfNoneMatchHonoured = false;
      if (head(null, to, "move").isPresent()) {
        throw new StorageException("Cannot move to " + relativeForMessage(to) + ": target exists");
      }
      client.completeMultipartUpload(b -> b.bucket(bucket).key(to).uploadId(uploadId).multipartUpload(upload));
    }
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

  /** ETags are content MD5s only for single-part objects that are not encrypted with KMS or SSE-C. */
  private static boolean etagsComparable(HeadObjectResponse object) {
    String etag = stripQuotes(object.eTag());
    return etag != null && etag.matches("[0-9a-fA-F]{32}") && object.sseCustomerAlgorithm() == null
        && (object.serverSideEncryption() == null || object.serverSideEncryption() == ServerSideEncryption.AES256);
  }

  // ---------------------------------------------------------------------------------------------
  // delete

  @Override
  public DeleteOutcome delete(ObjectKey key) {
    String s3Key = s3Key(key);
    if (head(key, s3Key, "delete").isEmpty()) {
      return DeleteOutcome.ABSENT;
    }
    try {
      client.deleteObject(b -> b.bucket(bucket).key(s3Key));
    } catch (RuntimeException e) {
      throw new StorageException("Cannot delete " + where(key) + ": " + reason(e), cause(e));
    }
    return DeleteOutcome.DELETED;
  }

  @Override
  public DeleteOutcome delete(ObjectKey key, Optional<String> expectedEtag) {
    if (expectedEtag.isEmpty()) {
      return delete(key);
    }
    return deleteIfUnchanged(key, s3Key(key), stripQuotes(expectedEtag.get()));
  }

  /**
   * Deletes a key only while it has the ETag {@code expected}: with {@code If-Match} alone where the
   * server honours it (one request; {@code 412} means the object changed, {@code 404} that it is
   * gone), else compared with {@code HeadObject} first.
   */
  private DeleteOutcome deleteIfUnchanged(ObjectKey key, String s3Key, String expected) {
    if (expected == null) {
      return delete(key);
    }
    if (!deleteIfMatchProbed) {
      probeDeleteIfMatch();
    }
    boolean conditional = deleteIfMatchHonoured;
    if (!conditional) {
      Optional<HeadObjectResponse> current = head(key, s3Key, "delete");
      if (current.isEmpty()) {
        return DeleteOutcome.ABSENT;
      }
      String found = stripQuotes(current.get().eTag());
      if (!expected.equals(found)) {
        throw new EtagMismatchException("Cannot delete " + where(key) + ": etag changed (expected " + expected
            + ", found " + found + ")");
      }
    }
    try {
      client.deleteObject(deleteRequest(s3Key, conditional ? expected : null));
    } catch (RuntimeException e) {
      int status = status(e);
      if (status == 412) {
        throw new EtagMismatchException("Cannot delete " + where(key) + ": etag changed (expected " + expected + ")",
            cause(e));
      }
      if (status == 404) {
        return DeleteOutcome.ABSENT;
      }
      if (!conditional || status != 501) {
        throw new StorageException("Cannot delete " + where(key) + ": " + reason(e), cause(e));
      }
      LOG.warn("{} does not implement If-Match on DeleteObject; conditional deletes now rely on HeadObject alone",
          description);
      deleteIfMatchHonoured = false;
      return deleteIfUnchanged(key, s3Key, expected);
    }
    return DeleteOutcome.DELETED;
  }

  /** Once per store, before its first conditional delete ({@link DeleteIfMatchProbe}). */
  private void probeDeleteIfMatch() {
    synchronized (probeLock) {
      if (!deleteIfMatchProbed) {
        DeleteIfMatchProbe.whyNotHonoured(client, bucket, keyPrefix, this::reason).ifPresent(why -> {
          LOG.warn("{} does not prove that it honours If-Match on DeleteObject ({}); conditional deletes compare"
              + " the ETag with HeadObject first", description, why);
          deleteIfMatchHonoured = false;
        });
        deleteIfMatchProbed = true;
      }
    }
  }

  private DeleteObjectRequest deleteRequest(String s3Key, String ifMatch) {
    DeleteObjectRequest.Builder request = DeleteObjectRequest.builder().bucket(bucket).key(s3Key);
    if (ifMatch != null) {
      request.ifMatch("\"" + ifMatch + "\"");
    }
    return request.build();
  }

  /**
   * Deletes many files with {@code DeleteObjects}, at most {@value #MAX_DELETE_BATCH} keys a
   * request. Each key is reported once (duplicates are dropped): failed with the S3 error code and
   * message of its per-key error, or with the reason of a whole request that failed (the next
   * batch is still tried); absent when a bounded listing of the batch's key range showed it did
   * not exist; deleted otherwise (including keys the listing could not settle, since S3 does not
   * say whether a deleted key existed).
   */
  @Override
  public BatchDeleteResult deleteAll(Collection<ObjectKey> keys) {
    List<ObjectKey> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    List<ObjectKey> deleted = new ArrayList<>();
    List<ObjectKey> absent = new ArrayList<>();
    Map<ObjectKey, String> failed = new LinkedHashMap<>();
    for (int start = 0; start < unique.size(); start += MAX_DELETE_BATCH) {
      List<ObjectKey> batch = unique.subList(start, Math.min(unique.size(), start + MAX_DELETE_BATCH));
      deleteBatch(batch, deleted, absent, failed);
    }
    return new BatchDeleteResult(deleted, absent, failed);
  }

  private void deleteBatch(List<ObjectKey> batch, List<ObjectKey> deleted, List<ObjectKey> absent,
      Map<ObjectKey, String> failed) {
    Map<String, ObjectKey> byS3Key = new LinkedHashMap<>();
    batch.forEach(k -> byS3Key.put(s3Key(k), k));
    Existence existence = existenceOf(byS3Key.keySet());
    DeleteObjectsResponse response;
    try {
      List<ObjectIdentifier> identifiers = byS3Key.keySet().stream()
          .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      response = client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(identifiers).quiet(false)));
    } catch (RuntimeException e) {
      String why = "batch delete failed: " + reason(e);
      batch.forEach(k -> failed.put(k, why));
      return;
    }
    Set<String> confirmed = new HashSet<>();
    for (DeletedObject object : response.deleted()) {
      confirmed.add(object.key());
    }
    Map<String, String> errors = new LinkedHashMap<>();
    for (S3Error error : response.errors()) {
      errors.put(error.key(), error.code() + ": " + redact(String.valueOf(error.message())));
    }
    byS3Key.forEach((s3Key, key) -> {
      if (errors.containsKey(s3Key)) {
        failed.put(key, errors.get(s3Key));
      } else if (!confirmed.contains(s3Key)) {
        failed.put(key, "the server reported no result for this key");
      } else if (existence.knownAbsent(s3Key)) {
        absent.add(key);
      } else {
        deleted.add(key);
      }
    });
  }

  /**
   * Which keys of a batch a listing saw. A key counts as absent only when the listing covered it
   * in both possible server orders (UTF-8 bytes and UTF-16) and did not see it; every other key
   * counts as present.
   */
  private record Existence(Set<String> present, String listedAfter, String listedThrough) {
    static final Existence UNKNOWN = new Existence(Set.of(), null, null);

    boolean knownAbsent(String s3Key) {
      if (listedThrough == null || present.contains(s3Key)) {
        return false;
      }
      boolean afterStart = listedAfter == null
          || (compareUtf8(s3Key, listedAfter) > 0 && s3Key.compareTo(listedAfter) > 0);
      boolean beforeEnd = listedThrough.isEmpty()
          || (compareUtf8(s3Key, listedThrough) <= 0 && s3Key.compareTo(listedThrough) <= 0);
      return afterStart && beforeEnd;
    }
  }

  /**
   * Lists the key range of a batch (under the keys' common prefix, from just before the smallest
   * key) to learn which keys exist, reading at most two pages more than the batch needs. Best
   * effort: a failed listing settles nothing, and keys it did not reach count as present.
   */
  private Existence existenceOf(Set<String> s3Keys) {
    List<String> sorted = new ArrayList<>(s3Keys);
    sorted.sort(S3ObjectStore::compareUtf8);
    String first = sorted.get(0);
    String lastUtf8 = sorted.get(sorted.size() - 1);
    String lastUtf16 = java.util.Collections.max(s3Keys);
    String common = commonPrefix(first, lastUtf8);
    String listedAfter = first.length() > common.length() ? first.substring(0, first.length() - 1) : null;
    if (listedAfter != null && Character.isHighSurrogate(listedAfter.charAt(listedAfter.length() - 1))) {
      listedAfter = listedAfter.substring(0, listedAfter.length() - 1);
    }
    Set<String> present = new HashSet<>();
    int budget = (s3Keys.size() + 999) / 1000 + 2;
    String token = null;
    String listedThrough = null;
    try {
      for (int page = 0; page < budget; page++) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).maxKeys(1000);
        if (!common.isEmpty()) {
          request.prefix(common);
        }
        if (token != null) {
          request.continuationToken(token);
        } else if (listedAfter != null) {
          request.startAfter(listedAfter); // a proper prefix of the first key, so strictly before it
        }
        ListObjectsV2Response response = client.listObjectsV2(request.build());
        for (S3Object object : response.contents()) {
          if (s3Keys.contains(object.key())) {
            present.add(object.key());
          }
        }
        if (!Boolean.TRUE.equals(response.isTruncated())) {
          return new Existence(present, listedAfter, "");
        }
        if (!response.contents().isEmpty()) {
          listedThrough = response.contents().get(response.contents().size() - 1).key();
          if (compareUtf8(listedThrough, lastUtf8) >= 0 && listedThrough.compareTo(lastUtf16) >= 0) {
            return new Existence(present, listedAfter, "");
          }
        }
        token = response.nextContinuationToken();
        if (token == null || token.isEmpty()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not list the key range of a delete batch in {}: {}", description, reason(e));
      return Existence.UNKNOWN;
    }
    return new Existence(present, listedAfter, listedThrough);
  }

  private static String commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
      i--;
    }
    return a.substring(0, i);
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
    return keyPrefix + key.path();
  }

  private String relativeForMessage(String s3Key) {
    return s3Key.startsWith(keyPrefix) ? s3Key.substring(keyPrefix.length()) : s3Key;
  }

  private String where(ObjectKey key) {
    return (key == null || key.isRoot() ? "the store root" : key.path()) + " in " + description;
  }

  private Optional<HeadObjectResponse> head(ObjectKey key, String s3Key, String action) {
    try {
      return Optional.of(client.headObject(b -> b.bucket(bucket).key(s3Key)));
    } catch (RuntimeException e) {
      if (status(e) == 404) {
        return Optional.empty();
      }
      String name = key == null ? relativeForMessage(s3Key) : key.path();
      throw new StorageException("Cannot " + action + " " + name + " in " + description + ": cannot read its metadata: "
          + reason(e), cause(e));
    }
  }

  /** The HTTP status of an S3 error, or -1 when the failure is not an answer of the server. */
  static int status(Throwable e) {
    return e instanceof AwsServiceException service ? service.statusCode() : -1;
  }

  /** The backend's reason, with any credential removed. */
  private String reason(Throwable e) {
    String text;
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails().errorMessage();
      text = (code == null ? "HTTP " + service.statusCode() : code + " (HTTP " + service.statusCode() + ")")
          + (message == null ? "" : ": " + message);
    } else {
      text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return redact(text);
  }

  /**
   * The cause to chain, or null when its message would reveal a credential (then only the
   * redacted reason is kept).
   */
  private Throwable cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !redact(message).equals(message)) {
        return null;
      }
    }
    return e;
  }

  private String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  static String stripQuotes(String etag) {
    if (etag == null) {
      return null;
    }
    String result = etag.startsWith("W/") ? etag.substring(2) : etag;
    if (result.length() >= 2 && result.startsWith("\"") && result.endsWith("\"")) {
      result = result.substring(1, result.length() - 1);
    }
    return result;
  }

  @Override
  public void close() {
    client.close();
  }
}
