package org.djgc.core.storage.s3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.djgc.core.storage.BatchDeleteResult;
import org.djgc.core.storage.DeleteOutcome;
import org.djgc.core.storage.EtagMismatchException;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The deletes of an {@link S3ObjectStore}: plain, conditional on an ETag ({@code If-Match} where
 * the server proves it honours it, {@link DeleteIfMatchProbe}, else compared with
 * {@code HeadObject} first), and in batches with {@code DeleteObjects}.
 */
final class S3Deleter {
  private static final Logger LOG = LoggerFactory.getLogger(S3Deleter.class);

  private final S3Bucket bucket;
  private volatile boolean deleteIfMatchHonoured = true;
  private volatile boolean deleteIfMatchProbed;
  private final Object probeLock = new Object();

  S3Deleter(S3Bucket bucket) {
    this.bucket = bucket;
  }

  DeleteOutcome delete(ObjectKey key) {
    String s3Key = bucket.s3Key(key);
    if (bucket.head(key, s3Key, "delete").isEmpty()) {
      return DeleteOutcome.ABSENT;
    }
    try {
      bucket.client.deleteObject(b -> b.bucket(bucket.name).key(s3Key));
    } catch (RuntimeException e) {
      throw new StorageException("Cannot delete " + bucket.where(key) + ": " + bucket.reason(e), bucket.cause(e));
    }
    return DeleteOutcome.DELETED;
  }

  DeleteOutcome delete(ObjectKey key, Optional<String> expectedEtag) {
    if (expectedEtag.isEmpty()) {
      return delete(key);
    }
    return deleteIfUnchanged(key, bucket.s3Key(key), S3Bucket.stripQuotes(expectedEtag.get()));
  }

  /**
   * Deletes a key only while it has the ETag {@code expected}: with {@code If-Match} alone where the
   * server honours it (one request; {@code 412} means the object changed, {@code 404} that it is
   * gone), else compared with {@code HeadObject} first.
   */
  DeleteOutcome deleteIfUnchanged(ObjectKey key, String s3Key, String expected) {
    if (expected == null) {
      return delete(key);
    }
    if (!deleteIfMatchProbed) {
      probeDeleteIfMatch();
    }
    boolean conditional = deleteIfMatchHonoured;
    if (!conditional) {
      Optional<HeadObjectResponse> current = bucket.head(key, s3Key, "delete");
      if (current.isEmpty()) {
        return DeleteOutcome.ABSENT;
      }
      String found = S3Bucket.stripQuotes(current.get().eTag());
      if (!expected.equals(found)) {
        throw new EtagMismatchException("Cannot delete " + bucket.where(key) + ": etag changed (expected " + expected
            + ", found " + found + ")");
      }
    }
    try {
      bucket.client.deleteObject(deleteRequest(s3Key, conditional ? expected : null));
    } catch (RuntimeException e) {
      int status = S3Bucket.status(e);
      if (status == 412) {
        throw new EtagMismatchException("Cannot delete " + bucket.where(key) + ": etag changed (expected " + expected + ")",
            bucket.cause(e));
      }
      if (status == 404) {
        return DeleteOutcome.ABSENT;
      }
      if (!conditional || status != 501) {
        throw new StorageException("Cannot delete " + bucket.where(key) + ": " + bucket.reason(e), bucket.cause(e));
      }
      LOG.warn("{} does not implement If-Match on DeleteObject; conditional deletes now rely on HeadObject alone",
          bucket.description);
      deleteIfMatchHonoured = false;
      return deleteIfUnchanged(key, s3Key, expected);
    }
    return DeleteOutcome.DELETED;
  }

  /** Once per store, before its first conditional delete ({@link DeleteIfMatchProbe}). */
  private void probeDeleteIfMatch() {
    synchronized (probeLock) {
      if (!deleteIfMatchProbed) {
        DeleteIfMatchProbe.whyNotHonoured(bucket.client, bucket.name, bucket.keyPrefix, bucket::reason).ifPresent(why -> {
          LOG.warn("{} does not prove that it honours If-Match on DeleteObject ({}); conditional deletes compare"
              + " the ETag with HeadObject first", bucket.description, why);
          deleteIfMatchHonoured = false;
        });
        deleteIfMatchProbed = true;
      }
    }
  }

  private DeleteObjectRequest deleteRequest(String s3Key, String ifMatch) {
    DeleteObjectRequest.Builder request = DeleteObjectRequest.builder().bucket(bucket.name).key(s3Key);
    if (ifMatch != null) {
      request.ifMatch("\"" + ifMatch + "\"");
    }
    return request.build();
  }

  /**
   * Deletes many files with {@code DeleteObjects}, at most {@value S3ObjectStore#MAX_DELETE_BATCH} keys a
   * request. Each key is reported once (duplicates are dropped): failed with the S3 error code and
   * message of its per-key error, or with the reason of a whole request that failed (the next
   * batch is still tried); absent when a bounded listing of the batch's key range showed it did
   * not exist; deleted otherwise (including keys the listing could not settle, since S3 does not
   * say whether a deleted key existed).
   */
  BatchDeleteResult deleteAll(Collection<ObjectKey> keys) {
    List<ObjectKey> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    List<ObjectKey> deleted = new ArrayList<>();
    List<ObjectKey> absent = new ArrayList<>();
    Map<ObjectKey, String> failed = new LinkedHashMap<>();
    for (int start = 0; start < unique.size(); start += S3ObjectStore.MAX_DELETE_BATCH) {
      List<ObjectKey> batch = unique.subList(start, Math.min(unique.size(), start + S3ObjectStore.MAX_DELETE_BATCH));
      deleteBatch(batch, deleted, absent, failed);
    }
    return new BatchDeleteResult(deleted, absent, failed);
  }

  private void deleteBatch(List<ObjectKey> batch, List<ObjectKey> deleted, List<ObjectKey> absent,
      Map<ObjectKey, String> failed) {
    Map<String, ObjectKey> byS3Key = new LinkedHashMap<>();
    batch.forEach(k -> byS3Key.put(bucket.s3Key(k), k));
    Existence existence = existenceOf(byS3Key.keySet());
    DeleteObjectsResponse response;
    try {
      List<ObjectIdentifier> identifiers = byS3Key.keySet().stream()
          .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      response = bucket.client.deleteObjects(b -> b.bucket(bucket.name).delete(d -> d.objects(identifiers).quiet(false)));
    } catch (RuntimeException e) {
      String why = "batch delete failed: " + bucket.reason(e);
      batch.forEach(k -> failed.put(k, why));
      return;
    }
    Set<String> confirmed = new HashSet<>();
    for (DeletedObject object : response.deleted()) {
      confirmed.add(object.key());
    }
    Map<String, String> errors = new LinkedHashMap<>();
    for (S3Error error : response.errors()) {
      errors.put(error.key(), error.code() + ": " + bucket.redact(String.valueOf(error.message())));
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
          || (S3ObjectStore.compareUtf8(s3Key, listedAfter) > 0 && s3Key.compareTo(listedAfter) > 0);
      boolean beforeEnd = listedThrough.isEmpty()
          || (S3ObjectStore.compareUtf8(s3Key, listedThrough) <= 0 && s3Key.compareTo(listedThrough) <= 0);
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
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.name).maxKeys(1000);
        if (!common.isEmpty()) {
          request.prefix(common);
        }
        if (token != null) {
          request.continuationToken(token);
        } else if (listedAfter != null) {
          request.startAfter(listedAfter); // a proper prefix of the first key, so strictly before it
        }
        ListObjectsV2Response response = bucket.client.listObjectsV2(request.build());
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
          if (S3ObjectStore.compareUtf8(listedThrough, lastUtf8) >= 0 && listedThrough.compareTo(lastUtf16) >= 0) {
            return new Existence(present, listedAfter, "");
          }
        }
        token = response.nextContinuationToken();
        if (token == null || token.isEmpty()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not list the key range of a delete batch in {}: {}", bucket.description, bucket.reason(e));
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
}
