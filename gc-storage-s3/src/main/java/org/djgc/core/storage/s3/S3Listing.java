package org.djgc.core.storage.s3;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.LookAheadListing;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lazy {@code ListObjectsV2} listing holding one page at a time (the contract of
 * {@link S3ObjectStore}'s listing): a failed page, a truncated page without a continuation token or
 * a repeated token throw; directory markers and keys that are not canonical store paths are skipped.
 */
final class S3Listing extends LookAheadListing {
  private static final Logger LOG = LoggerFactory.getLogger(S3Listing.class);

  private final S3Bucket bucket;
  private final int pageSize;
  private final ObjectKey prefix;
  private final String listPrefix;
  private final String startAfter;
  private String continuationToken;
  private List<S3Object> page = List.of();
  private int position;
  private boolean lastPage;
  private int pages;

  S3Listing(S3Bucket bucket, int pageSize, ObjectKey prefix, String listPrefix, String startAfter) {
    this.bucket = bucket;
    this.pageSize = pageSize;
    this.prefix = prefix;
    this.listPrefix = listPrefix;
    this.startAfter = startAfter;
  }

  @Override
  protected StoredObject computeNext() {
    while (true) {
      if (position < page.size()) {
        StoredObject object = toStoredObject(page.get(position++));
        if (object != null) {
          return object;
        }
      } else if (lastPage) {
        return null;
      } else {
        fetchPage();
      }
    }
  }

  @Override
  protected String describeListed() {
    return bucket.where(prefix);
  }

  private void fetchPage() {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.name).maxKeys(pageSize);
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
      response = bucket.client.listObjectsV2(request.build());
    } catch (RuntimeException e) {
      throw new StorageException("Cannot list " + bucket.where(prefix) + " (page " + (pages + 1) + "): " + bucket.reason(e), bucket.cause(e));
    }
    pages++;
    page = response.contents() == null ? List.of() : response.contents();
    position = 0;
    if (Boolean.TRUE.equals(response.isTruncated())) {
      String token = response.nextContinuationToken();
      if (token == null || token.isEmpty()) {
        throw new StorageException("Cannot list " + bucket.where(prefix) + ": page " + pages
            + " is marked truncated but has no continuation token; refusing a partial listing");
      }
      if (token.equals(continuationToken)) {
        throw new StorageException("Cannot list " + bucket.where(prefix) + ": page " + pages
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
      throw new StorageException("Cannot list " + bucket.where(prefix) + ": the server returned a key outside the prefix");
    }
    if (key.endsWith("/")) {
      return null; // a directory marker, not a file
    }
    String relative = key.substring(bucket.keyPrefix.length());
    String problem = ObjectKey.problem(relative);
    if (problem != null) {
      LOG.warn("Skipping object '{}' in {}: not a canonical store path ({}); it is never moved or deleted",
          relative, bucket.description, problem);
      return null;
    }
    Long size = object.size();
    Instant modified = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
    return new StoredObject(ObjectKey.of(relative), size == null ? 0 : size, modified,
        Optional.ofNullable(S3Bucket.stripQuotes(object.eTag())), size != null);
  }

  @Override
  protected void release() {
    page = List.of();
  }
}
