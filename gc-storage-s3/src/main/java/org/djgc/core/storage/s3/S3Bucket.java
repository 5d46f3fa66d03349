package org.djgc.core.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.StorageException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The bucket and key prefix a store lives under, with the client every part of the store shares
 * ({@link S3Listing}, {@link S3Mover}, {@link S3Deleter}), and the helpers that turn keys and
 * failures into its messages: relative to the store, never with a credential.
 */
final class S3Bucket implements AutoCloseable {
  final S3Client client;
  /** The bucket's name. */
  final String name;
  /** {@code {location}/}, or empty for a store at the bucket's root. */
  final String keyPrefix;
  final String description;
  /** Whether the endpoint is Amazon S3 (which documents the conditional requests moves rely on). */
  final boolean aws;
  private final List<String> secrets;

  S3Bucket(S3Client client, S3StoreSettings settings) {
    this.client = client;
    this.name = settings.bucket();
    this.keyPrefix = settings.location().isEmpty() ? "" : settings.location() + "/";
    this.description = settings.describe();
    this.aws = settings.isAws();
    List<String> hidden = new ArrayList<>();
    settings.accessKey().ifPresent(hidden::add);
    settings.secretKey().ifPresent(hidden::add);
    this.secrets = List.copyOf(hidden);
  }

  /** The object key of a store key: {@code {location}/{key}}. */
  String s3Key(ObjectKey key) {
    return keyPrefix + key.path();
  }

  String relativeForMessage(String s3Key) {
    return s3Key.startsWith(keyPrefix) ? s3Key.substring(keyPrefix.length()) : s3Key;
  }

  String where(ObjectKey key) {
    return (key == null || key.isRoot() ? "the store root" : key.path()) + " in " + description;
  }

  Optional<HeadObjectResponse> head(ObjectKey key, String s3Key, String action) {
    try {
      return Optional.of(client.headObject(b -> b.bucket(name).key(s3Key)));
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
  String reason(Throwable e) {
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
  Throwable cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !redact(message).equals(message)) {
        return null;
      }
    }
    return e;
  }

  String redact(String text) {
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
