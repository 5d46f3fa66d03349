package org.djgc.core.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.StoreIdentity;

/**
 * The connection settings of one {@code protocol: s3} store, read from its {@link StoreSpec} the way
 * DataJoint's {@code StorageBackend} reads them: an endpoint without a scheme becomes {@code
 * https://} when {@code secure} (the default) and {@code http://} otherwise; {@code access_key} and
 * {@code secret_key} are both set or both unset (unset means the SDK's default credential chain);
 * the location is used verbatim as the key prefix. {@link #toString()} and {@link #describe()} never
 * contain credentials.
 *
 * @param endpoint the endpoint URI with its scheme and without user info
 * @param bucket the bucket
 * @param location the key prefix, verbatim (may be empty)
 * @param region the signing region: parsed from an AWS endpoint host, otherwise {@code us-east-1}
 * @param accessKey the access key, or empty for the default credential chain
 * @param secretKey the secret key, present exactly when {@code accessKey} is
 */
public record S3StoreSettings(URI endpoint, String bucket, String location, String region,
    Optional<String> accessKey, Optional<String> secretKey) {

  /** The region used when the endpoint does not name one (DataJoint has no region key). */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern AWS_HOST =
      Pattern.compile("(?:.*\\.)?s3[.-](?:dualstack\\.)?([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  public S3StoreSettings {
    Objects.requireNonNull(endpoint, "endpoint is null");
    Objects.requireNonNull(bucket, "bucket is null");
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(accessKey, "accessKey is null");
    Objects.requireNonNull(secretKey, "secretKey is null");
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException("access key and secret key must be both set or both unset");
    }
  }

  /**
   * Reads the settings of an s3 store spec.
   *
   * @throws ConfigurationException naming the store and key when a setting is missing or invalid
   */
  public static S3StoreSettings from(StoreSpec spec) {
    String where = "stores." + spec.name();
    String endpointText = nonBlank(spec.setting("endpoint"));
    String bucket = nonBlank(spec.setting("bucket"));
    if (endpointText == null) {
      throw new ConfigurationException(where + ".endpoint is missing or empty");
    }
    if (bucket == null) {
      throw new ConfigurationException(where + ".bucket is missing or empty");
    }
    boolean secure = secure(spec.settings().get("secure"), where);
    Optional<String> accessKey = Optional.ofNullable(nonBlank(spec.setting("access_key")));
    Optional<String> secretKey = Optional.ofNullable(nonBlank(spec.setting("secret_key")));
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new ConfigurationException(where + ": access_key and secret_key must be both set or both unset"
          + " (unset means the default AWS credential chain)");
    }
    URI endpoint = endpoint(endpointText, secure, where);
    return new S3StoreSettings(endpoint, bucket, spec.location() == null ? "" : spec.location(),
        regionOf(endpoint), accessKey, secretKey);
  }

  /** Whether the endpoint is Amazon S3 itself (virtual-hosted addressing, cross-region access). */
  public boolean isAws() {
    String host = endpoint.getHost();
    return host != null && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }

  /** Where the store lives, without credentials. */
  public String describe() {
    return "s3://" + bucket + "/" + location + " at " + endpoint;
  }

  /**
   * The store's identity. The endpoint is reduced to what reaches the same service: the host
   * lower-cased, the port unless it is the scheme's default (so {@code HTTP://Host:80} and {@code
   * http://host} are one), any path without trailing slashes; the scheme itself is left out (one
   * server answers both). The place (the lock) also collapses the location's slashes; the canonical
   * form (the ledger) keeps the location verbatim, because {@code data} and {@code data/} address
   * different keys ({@code data/x}, {@code data//x}).
   */
  public StoreIdentity identity() {
    String host = endpoint.getHost().toLowerCase(Locale.ROOT);
    int port = endpoint.getPort();
    boolean defaultPort = port < 0 || (port == 80 && "http".equalsIgnoreCase(endpoint.getScheme()))
        || (port == 443 && "https".equalsIgnoreCase(endpoint.getScheme()));
    String path = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
    String at = " at " + host + (defaultPort ? "" : ":" + port) + path;
    String collapsed = location.replaceAll("/+", "/").replaceAll("^/|/$", "");
    return new StoreIdentity("s3://" + bucket + "/" + collapsed + at, "s3://" + bucket + "/" + location + at);
  }

  @Override
  public String toString() {
    return "S3StoreSettings[" + describe() + ", region " + region + ", credentials "
        + (accessKey.isPresent() ? "static (hidden)" : "default chain") + "]";
  }

  /** DataJoint's endpoint rule: no scheme means https when secure, http otherwise. */
  static URI endpoint(String text, boolean secure, String where) {
    String lower = text.toLowerCase(Locale.ROOT);
    String withScheme = lower.startsWith("http://") || lower.startsWith("https://") ? text
        : (secure ? "https://" : "http://") + text;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(where + ".endpoint '" + redactUserInfo(text) + "' is not a valid URI");
    }
    if (uri.getHost() == null) {
      throw new ConfigurationException(where + ".endpoint '" + redactUserInfo(text) + "' names no host");
    }
    try {
      // user info is never sent (credentials come from access_key/secret_key) and never printed
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(where + ".endpoint '" + redactUserInfo(text) + "' is not a valid URI");
    }
  }

  private static String redactUserInfo(String text) {
    return text.replaceAll("//[^/@]*@", "//***@");
  }

  static String regionOf(URI endpoint) {
    String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
    Matcher matcher = AWS_HOST.matcher(host);
    if (matcher.matches() && !matcher.group(1).equals("external-1") && !matcher.group(1).equals("accelerate")) {
      return matcher.group(1);
    }
    return DEFAULT_REGION;
  }

  private static boolean secure(Object value, String where) {
    if (value == null) {
      return true;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigurationException(where + ".secure must be true or false, found " + value);
    };
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
