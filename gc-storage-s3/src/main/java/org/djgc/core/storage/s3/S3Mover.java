package org.djgc.core.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * The moves of an {@link S3ObjectStore}: copy (one {@code CopyObject} of the listed version, or a
 * multipart {@code UploadPartCopy} above the threshold), never over an existing target, then delete
 * the source only if it is still the copied version; any failure leaves the source in place.
 */
final class S3Mover {
  private static final Logger LOG = LoggerFactory.getLogger(S3Mover.class);

  private final S3Bucket bucket;
  private final S3ObjectStore.Tuning tuning;
  private final S3Deleter deleter;
  private volatile boolean copyIfNoneMatchHonoured = true;

  S3Mover(S3Bucket bucket, S3ObjectStore.Tuning tuning, S3Deleter deleter) {
    this.bucket = bucket;
    this.tuning = tuning;
    this.deleter = deleter;
  }

  Optional<String> move(ObjectKey source, ObjectKey target, Optional<StoredObject> listed) {
    if (source.equals(target)) {
      throw new StorageException("Cannot move " + bucket.where(source) + " onto itself");
    }
    String from = bucket.s3Key(source);
    String to = bucket.s3Key(target);
    String what = "Cannot move " + source + " to " + target + " in " + bucket.description;
    Optional<StoredObject> version = listed.filter(o -> o.etag().isPresent() && o.sizeKnown()
        && o.sizeBytes() <= tuning.multipartThreshold());
    HeadObjectResponse original = null;
    String sourceEtag;
    long size;
    if (version.isPresent()) {
      sourceEtag = version.get().etag().get();
      size = version.get().sizeBytes();
    } else {
      original = bucket.head(source, from, "move").orElseThrow(() -> new StorageException(what + ": no such file " + source));
      sourceEtag = S3Bucket.stripQuotes(original.eTag());
      size = original.contentLength() == null ? -1 : original.contentLength();
      Optional<String> listedEtag = listed.flatMap(StoredObject::etag);
      if (listedEtag.isPresent() && !listedEtag.get().equals(sourceEtag)) {
        throw new StorageException(what + ": the source changed since it was listed (ETag " + listedEtag.get()
            + ", now " + sourceEtag + "); it was kept");
      }
    }
    if (!copyIfNoneMatchTrusted() && bucket.head(target, to, "move").isPresent()) {
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
      if (S3Bucket.status(e) == 412) {
        boolean targetExists = bucket.head(target, to, "move").isPresent();
        throw new StorageException(what + ": " + (targetExists ? "target " + target + " exists"
            : "source " + source + " is no longer the version " + sourceEtag) + "; the source was kept", bucket.cause(e));
      }
      if (S3Bucket.status(e) == 404) {
        throw new StorageException(what + ": no such file " + source + " (it vanished during the copy)", bucket.cause(e));
      }
      throw new StorageException(what + ": copy failed, the source was kept: " + bucket.reason(e), bucket.cause(e));
    }
    if (!multipart && original != null && etagsComparable(original) && !sourceEtag.equals(copyEtag)) {
      throw new StorageException(what + ": the copy's ETag " + copyEtag + " differs from the source's "
          + sourceEtag + "; both were kept");
    }
    try {
      deleter.deleteIfUnchanged(source, from, sourceEtag);
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
    return bucket.aws && copyIfNoneMatchHonoured;
  }

  /** A multipart copy is checked by size with {@code HeadObject}; returns the copy's ETag. */
  private String verifyPartCopy(ObjectKey target, String to, long size, String what) {
    HeadObjectResponse copy = bucket.head(target, to, "verify")
        .orElseThrow(() -> new StorageException(what + ": the copy is missing after copying; the source was kept"));
    long copySize = copy.contentLength() == null ? -1 : copy.contentLength();
    if (copySize != size) {
      throw new StorageException(what + ": the copy has " + copySize + " bytes but the source has " + size
          + "; both were kept");
    }
    return S3Bucket.stripQuotes(copy.eTag());
  }

  /**
   * One {@code CopyObject} of the source version {@code sourceEtag}; returns the copy's ETag from
   * the response (S3 answers 200 only once the whole object is copied).
   */
  private String copyWhole(String from, String to, String sourceEtag, ObjectKey target, String what) {
    boolean conditional = copyIfNoneMatchHonoured;
    CopyObjectResponse response;
    try {
      response = bucket.client.copyObject(copyRequest(from, to, sourceEtag, conditional));
    } catch (RuntimeException e) {
      if (!conditional || S3Bucket.status(e) != 501) {
        throw e;
      }
      LOG.warn("{} does not implement If-None-Match on CopyObject; moves now rely on checking the target first",
          bucket.description);
      copyIfNoneMatchHonoured = false;
      if (bucket.head(target, to, "move").isPresent()) {
        throw new StorageException(what + ": target " + target + " exists");
      }
      response = bucket.client.copyObject(copyRequest(from, to, sourceEtag, false));
    }
    return response.copyObjectResult() == null ? null : S3Bucket.stripQuotes(response.copyObjectResult().eTag());
  }

  private CopyObjectRequest copyRequest(String from, String to, String sourceEtag, boolean ifNoneMatch) {
    CopyObjectRequest.Builder request = CopyObjectRequest.builder()
        .sourceBucket(bucket.name).sourceKey(from).destinationBucket(bucket.name).destinationKey(to);
    if (sourceEtag != null) {
      request.copySourceIfMatch("\"" + sourceEtag + "\"");
    }
    if (ifNoneMatch) {
      request.ifNoneMatch("*");
    }
    return request.build();
  }

  private void copyInParts(String from, String to, HeadObjectResponse original, long size) {
    CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket.name).key(to)
        .contentType(original.contentType())
        .contentEncoding(original.contentEncoding())
        .contentDisposition(original.contentDisposition())
        .contentLanguage(original.contentLanguage())
        .cacheControl(original.cacheControl());
    if (original.metadata() != null && !original.metadata().isEmpty()) {
      create.metadata(original.metadata());
    }
    String uploadId = bucket.client.createMultipartUpload(create.build()).uploadId();
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (S3ObjectStore.PartRange part : S3ObjectStore.planParts(size, tuning.copyPartSize())) {
        UploadPartCopyResponse response = bucket.client.uploadPartCopy(b -> b.sourceBucket(bucket.name).sourceKey(from)
            .destinationBucket(bucket.name).destinationKey(to).uploadId(uploadId).partNumber(part.number())
            .copySourceRange(part.httpRange()).copySourceIfMatch(original.eTag()));
        parts.add(CompletedPart.builder().partNumber(part.number()).eTag(response.copyPartResult().eTag()).build());
      }
      completeUpload(to, uploadId, parts);
      completed = true;
    } finally {
      if (!completed) {
        try {
          bucket.client.abortMultipartUpload(b -> b.bucket(bucket.name).key(to).uploadId(uploadId));
        } catch (RuntimeException e) {
          LOG.warn("Could not abort multipart upload {} of {} in {}: {}", uploadId, bucket.relativeForMessage(to),
              bucket.description, bucket.reason(e));
        }
      }
    }
  }

  private void completeUpload(String to, String uploadId, List<CompletedPart> parts) {
    CompletedMultipartUpload upload = CompletedMultipartUpload.builder().parts(parts).build();
    boolean conditional = copyIfNoneMatchHonoured;
    try {
      bucket.client.completeMultipartUpload(b -> {
        b.bucket(bucket.name).key(to).uploadId(uploadId).multipartUpload(upload);
        if (conditional) {
          b.ifNoneMatch("*");
        }
      });
    } catch (RuntimeException e) {
      if (!conditional || S3Bucket.status(e) != 501) {
        throw e;
      }
      copyIfNoneMatchHonoured = false;
      if (bucket.head(null, to, "move").isPresent()) {
        throw new StorageException("Cannot move to " + bucket.relativeForMessage(to) + ": target exists");
      }
      bucket.client.completeMultipartUpload(b -> b.bucket(bucket.name).key(to).uploadId(uploadId).multipartUpload(upload));
    }
  }

  /** ETags are content MD5s only for single-part objects that are not encrypted with KMS or SSE-C. */
  private static boolean etagsComparable(HeadObjectResponse object) {
    String etag = S3Bucket.stripQuotes(object.eTag());
    return etag != null && etag.matches("[0-9a-fA-F]{32}") && object.sseCustomerAlgorithm() == null
        && (object.serverSideEncryption() == null || object.serverSideEncryption() == ServerSideEncryption.AES256);
  }
}
