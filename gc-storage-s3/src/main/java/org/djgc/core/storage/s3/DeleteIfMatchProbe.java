package org.djgc.core.storage.s3;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Proves that a server honours {@code If-Match} on {@code DeleteObject} before a store relies on it
 * (spec §11.2): a probe object written at the store's root (outside every section dj-gc lists) is
 * deleted with an ETag it cannot have, which the server must refuse with {@code 412}. A server that deletes it anyway ignores the condition silently, and would delete a
 * changed trash copy; one that answers {@code 501} does not implement it; and an answer that proves
 * nothing (the probe could not be written, any other error) is not trusted either. The probe is
 * removed in every case (best effort: a leftover is a few bytes at the root, which no job lists).
 */
final class DeleteIfMatchProbe {
  /** The probe objects' name prefix. */
  static final String PREFIX = ".djgc-if-match-probe-";
  private static final String WRONG_ETAG = "\"00000000000000000000000000000000\"";

  private DeleteIfMatchProbe() {}

  /** Empty when the server refused the probe's wrong ETag; else why {@code If-Match} is not proven. */
  static Optional<String> whyNotHonoured(S3Client client, String bucket, String rootPrefix,
      Function<Throwable, String> reason) {
    String probe = rootPrefix + PREFIX + UUID.randomUUID();
    try {
      client.putObject(PutObjectRequest.builder().bucket(bucket).key(probe).build(), RequestBody.fromString("probe"));
    } catch (RuntimeException e) {
      return Optional.of("the probe object could not be written: " + reason.apply(e));
    }
    try {
      client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(probe).ifMatch(WRONG_ETAG).build());
      return Optional.of("it deleted the probe object although its ETag did not match: the condition is ignored");
    } catch (RuntimeException e) {
      return S3Bucket.status(e) == 412 ? Optional.empty() : Optional.of("it answered the probe with " + reason.apply(e));
    } finally {
      try {
        client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(probe).build());
      } catch (RuntimeException e) {
        // best effort: the probe is a few bytes at the root
      }
    }
  }
}
