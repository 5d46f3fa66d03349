package org.djgc.core.storage.hadoop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.djgc.core.config.ConfigurationException;
import org.djgc.core.config.StoreSpec;
import org.djgc.core.storage.BackendOptions;
import org.djgc.core.storage.s3.S3StoreSettings;

/**
 * How a DataJoint store maps onto a Hadoop FileSystem: the URI of the store root and the Hadoop
 * configuration keys (credentials included) that reach it.
 *
 * <table>
 *   <caption>Mappings</caption>
 *   <tr><th>DataJoint</th><th>Hadoop root</th><th>derived keys</th></tr>
 *   <tr><td>{@code azure}</td><td>{@code abfss://{container}@{account}.dfs.core.windows.net/{location}}</td>
 *     <td>{@code account_key} (or a connection string's {@code AccountKey}) →
 *     {@code fs.azure.account.key.{account}.dfs.core.windows.net}; a connection string's
 *     {@code SharedAccessSignature} → {@code fs.azure.sas.fixed.token.{host}} with auth type SAS; the
 *     account and endpoint suffix may come from the connection string</td></tr>
 *   <tr><td>{@code gcs}</td><td>{@code gs://{bucket}/{location}}</td>
 *     <td>{@code project} → {@code fs.gs.project.id}; {@code token} → {@code fs.gs.auth.type} and its
 *     keys (GCS connector 3.x); {@code fs.gs.checksum.type=CRC32C} so copies can be verified</td></tr>
 *   <tr><td>{@code s3} (only with {@code gc.hadoop.backend.<store>=hadoop})</td>
 *     <td>{@code s3a://{bucket}/{location}}</td><td>endpoint, region, path-style access, TLS and
 *     static keys from the spec, as the native S3 backend reads them</td></tr>
 *   <tr><td>{@code file} (only with {@code gc.hadoop.backend.<store>=hadoop})</td>
 *     <td>{@code file:///{absolute location}}</td><td>{@code fs.file.impl=RawLocalFileSystem} (no
 *     {@code .crc} side files)</td></tr>
 *   <tr><td>any protocol with {@code gc.hadoop.uri.<store>}</td><td>that URI, verbatim (the location is
 *     not appended): {@code hdfs://nn:8020/dj}, {@code dbfs:/Volumes/cat/schema/vol/dj} (needs the
 *     Databricks Hadoop connector), ...</td><td>the protocol's keys above, where its settings are
 *     present</td></tr>
 * </table>
 *
 * <p>The keys of {@link BackendOptions#hadoopConfiguration()} are applied last and win over derived
 * ones. {@link #toString()} and {@link #describe()} never contain credentials; {@link #secrets()}
 * lists the values to redact from messages.
 *
 * @param storeName the DataJoint store name
 * @param protocol the DataJoint protocol
 * @param root the store root: absolute, no query or fragment, no trailing slash (except a bare
 *     {@code /})
 * @param configuration the Hadoop keys to set, derived then overridden
 * @param secrets values that must never appear in descriptions or messages
 */
public record HadoopStoreSettings(String storeName, String protocol, URI root, Map<String, String> configuration,
    List<String> secrets) {

  /** The Azure endpoint suffix when a connection string names none. */
  public static final String AZURE_ENDPOINT_SUFFIX = "core.windows.net";

  private static final Pattern BLOB_HOST = Pattern.compile("([a-z0-9]+)\\.(?:blob|dfs)\\.(.+)");
  private static final Pattern SECRET_KEY_NAME =
      Pattern.compile(".*(secret|password|passwd|key|token|credential|sas|signature|refresh).*");
  private static final int MIN_REDACTED_LENGTH = 6;

  public HadoopStoreSettings {
    Objects.requireNonNull(storeName, "storeName is null");
    Objects.requireNonNull(protocol, "protocol is null");
    Objects.requireNonNull(root, "root is null");
    configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    secrets = List.copyOf(secrets);
  }

  /**
   * Maps a store spec, with dj-gc's backend options, to a Hadoop root and configuration.
   *
   * @throws ConfigurationException naming the store and setting when the spec cannot be mapped
   */
  public static HadoopStoreSettings from(StoreSpec spec, BackendOptions options) {
    String where = "stores." + spec.name();
    Optional<String> override = options.hadoopUriFor(spec.name());
    boolean strict = override.isEmpty();
    Map<String, String> derived = new LinkedHashMap<>();
    List<String> secrets = new ArrayList<>();
    URI root = switch (spec.protocol()) {
      case "azure" -> azure(spec, where, strict, derived, secrets);
      case "gcs" -> gcs(spec, where, strict, derived, secrets);
      case "s3" -> s3a(spec, where, strict, derived, secrets);
      case "file" -> file(spec, derived);
      default -> {
        if (strict) {
          throw new ConfigurationException(where + ": protocol '" + spec.protocol() + "' has no Hadoop mapping in"
              + " dj-gc; set gc.hadoop.uri." + spec.name() + " to the Hadoop URI of the store root (for Databricks"
              + " Unity Catalog volumes: dbfs:/Volumes/<catalog>/<schema>/<volume>/<location>, which needs the"
              + " Databricks Hadoop connector on the classpath)");
        }
        yield null;
      }
    };
    if (override.isPresent()) {
      root = parseOverride(override.get(), "gc.hadoop.uri." + spec.name());
    }
    Map<String, String> configuration = new LinkedHashMap<>(derived);
    options.hadoopConfiguration().forEach((key, value) -> {
      configuration.put(key, value);
      if (value.length() >= MIN_REDACTED_LENGTH && SECRET_KEY_NAME.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
        secrets.add(value);
      }
    });
    String userInfo = root.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      secrets.add(userInfo.substring(userInfo.indexOf(':') + 1));
    }
    return new HadoopStoreSettings(spec.name(), spec.protocol(), root, configuration, secrets);
  }

  /** The URI scheme of the root, lower-cased. */
  public String scheme() {
    return root.getScheme().toLowerCase(Locale.ROOT);
  }

  /** Where the store lives, without credentials. */
  public String describe() {
    return redact(displayUri(root));
  }

  /** Removes every known secret from a text. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return "HadoopStoreSettings[" + storeName + " " + describe() + ", keys=" + new java.util.TreeSet<>(
        configuration.keySet()) + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // azure

  private static URI azure(StoreSpec spec, String where, boolean strict, Map<String, String> conf,
      List<String> secrets) {
    String container = firstNonBlank(spec.setting("bucket"), spec.setting("container"));
    String connectionText = nonBlank(spec.setting("connection_string"));
    Map<String, String> connection = parseConnectionString(connectionText);
    if (connectionText != null) {
      secrets.add(connectionText);
    }
    String account = nonBlank(spec.setting("account_name"));
    String suffix = connection.getOrDefault("endpointsuffix", AZURE_ENDPOINT_SUFFIX);
    if (account == null) {
      account = nonBlank(connection.get("accountname"));
    }
    String blobEndpoint = firstNonBlank(connection.get("blobendpoint"), connection.get("dfsendpoint"));
    if (blobEndpoint != null) {
      Matcher matcher = BLOB_HOST.matcher(hostOf(blobEndpoint).toLowerCase(Locale.ROOT));
      if (matcher.matches()) {
        account = account == null ? matcher.group(1) : account;
        suffix = matcher.group(2);
      } else if (strict) {
        throw new ConfigurationException(where + ".connection_string: the blob endpoint " + hostOf(blobEndpoint)
            + " is not an Azure storage account host; set gc.hadoop.uri." + spec.name()
            + " to an abfs[s]:// URI (and the account's keys in gc.hadoop.conf)");
      }
    }
    String scheme = "http".equalsIgnoreCase(connection.get("defaultendpointsprotocol")) ? "abfs" : "abfss";
    if (strict && container == null) {
      throw new ConfigurationException(where + ".container is missing or empty");
    }
    if (account == null) {
      if (strict) {
        throw new ConfigurationException(where + ": azure needs account_name (or a connection_string with"
            + " AccountName) to build the abfss:// URI");
      }
      return null;
    }
    String host = account + ".dfs." + suffix;
    String key = firstNonBlank(spec.setting("account_key"), connection.get("accountkey"));
    String sas = nonBlank(connection.get("sharedaccesssignature"));
    if (key != null) {
      conf.put("fs.azure.account.auth.type." + host, "SharedKey");
      conf.put("fs.azure.account.key." + host, key);
      secrets.add(key);
    } else if (sas != null) {
      String token = sas.startsWith("?") ? sas.substring(1) : sas;
      conf.put("fs.azure.account.auth.type." + host, "SAS");
      conf.put("fs.azure.sas.fixed.token." + host, token);
      secrets.add(token);
    }
    if (container == null) {
      return null;
    }
    return uri(scheme, container + "@" + host, spec.location(), where);
  }

  /** {@code Key=Value;Key=Value} with keys lower-cased; a value keeps any {@code =} it contains. */
  static Map<String, String> parseConnectionString(String text) {
    Map<String, String> result = new LinkedHashMap<>();
    if (text == null) {
      return result;
    }
    for (String part : text.split(";")) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        result.put(part.substring(0, equals).trim().toLowerCase(Locale.ROOT), part.substring(equals + 1).trim());
      }
    }
    return result;
  }

  private static String hostOf(String endpoint) {
    try {
      URI uri = new URI(endpoint.contains("://") ? endpoint : "https://" + endpoint);
      return uri.getHost() == null ? endpoint : uri.getHost();
    } catch (URISyntaxException e) {
      return endpoint;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // gcs

  private static URI gcs(StoreSpec spec, String where, boolean strict, Map<String, String> conf,
      List<String> secrets) {
    String bucket = nonBlank(spec.setting("bucket"));
    if (strict && bucket == null) {
      throw new ConfigurationException(where + ".bucket is missing or empty");
    }
    String project = nonBlank(spec.setting("project"));
    if (project != null) {
      conf.put("fs.gs.project.id", project);
    }
    // server-side CRC32C of each object, so a copy can be compared with its source
    conf.put("fs.gs.checksum.type", "CRC32C");
    gcsToken(spec.settings().get("token"), where, conf, secrets);
    return bucket == null ? null : uri("gs", bucket, spec.location(), where);
  }

  /**
   * DataJoint passes {@code token} to gcsfs: absent (the default chain), {@code google_default},
   * {@code cloud} (the metadata server), {@code anon}, a path to a JSON key file, or the JSON
   * itself. They map onto the GCS connector 3.x keys.
   */
  private static void gcsToken(Object token, String where, Map<String, String> conf, List<String> secrets) {
    if (token == null || (token instanceof String text && text.isBlank())) {
      conf.put("fs.gs.auth.type", "APPLICATION_DEFAULT");
      return;
    }
    JsonNode json = null;
    if (token instanceof Map<?, ?> map) {
      json = new ObjectMapper().valueToTree(map);
    } else {
      String text = String.valueOf(token).trim();
      switch (text) {
        case "google_default" -> conf.put("fs.gs.auth.type", "APPLICATION_DEFAULT");
        case "cloud" -> conf.put("fs.gs.auth.type", "COMPUTE_ENGINE");
        case "anon" -> conf.put("fs.gs.auth.type", "UNAUTHENTICATED");
        case "cache", "browser" -> throw new ConfigurationException(where + ".token '" + text + "' is an interactive"
            + " gcsfs login that dj-gc cannot use; use a key file path, google_default or cloud, or set"
            + " gc.hadoop.conf[fs.gs.auth.type]");
        default -> {
          if (text.startsWith("{")) {
            json = parseJson(text, where);
            secrets.add(text);
          } else {
            json = keyFileType(text);
            if (json == null) {
              conf.put("fs.gs.auth.type", "SERVICE_ACCOUNT_JSON_KEYFILE");
              conf.put("fs.gs.auth.service.account.json.keyfile", text);
            }
          }
        }
      }
      if (json == null) {
        return;
      }
    }
    String type = json.path("type").asText("");
    if (type.equals("authorized_user")) {
      String secret = json.path("client_secret").asText("");
      String refresh = json.path("refresh_token").asText("");
      conf.put("fs.gs.auth.type", "USER_CREDENTIALS");
      conf.put("fs.gs.auth.client.id", json.path("client_id").asText(""));
      conf.put("fs.gs.auth.client.secret", secret);
      conf.put("fs.gs.auth.refresh.token", refresh);
      secrets.add(secret);
      secrets.add(refresh);
    } else {
      throw new ConfigurationException(where + ".token: an inline " + (type.isEmpty() ? "JSON" : "'" + type + "'")
          + " credential cannot be passed to the GCS connector; write it to a file readable only by dj-gc and set"
          + " the token to that file's path");
    }
  }

  /** The JSON of a key file when it can be read now (to tell user credentials apart), else null. */
  private static JsonNode keyFileType(String path) {
    try {
      java.nio.file.Path file = java.nio.file.Path.of(path);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      return json != null && json.path("type").asText("").equals("authorized_user") ? json : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static JsonNode parseJson(String text, String where) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new ConfigurationException(where + ".token looks like JSON but cannot be parsed");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // s3, file

  private static URI s3a(StoreSpec spec, String where, boolean strict, Map<String, String> conf,
      List<String> secrets) {
    S3StoreSettings s3;
    try {
      s3 = S3StoreSettings.from(spec);
    } catch (ConfigurationException e) {
      if (strict) {
        throw e;
      }
      return null;
    }
    String location = s3.location();
    if (location.startsWith("/") || location.endsWith("/")) {
      // DataJoint writes "{location}/{key}" verbatim, so such keys hold "//" or start with "/": S3A
      // paths cannot name them, and a normalised location would be a different place
      throw new ConfigurationException(where + ".location '" + location + "' starts or ends with '/', which S3A"
          + " cannot address as DataJoint writes it; use the native s3 backend for this store");
    }
    conf.put("fs.s3a.endpoint", s3.endpoint().toString());
    conf.put("fs.s3a.endpoint.region", s3.region());
    conf.put("fs.s3a.connection.ssl.enabled", String.valueOf("https".equalsIgnoreCase(s3.endpoint().getScheme())));
    if (!s3.isAws()) {
      conf.put("fs.s3a.path.style.access", "true");
    }
    if (s3.accessKey().isPresent()) {
      conf.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      conf.put("fs.s3a.access.key", s3.accessKey().get());
      conf.put("fs.s3a.secret.key", s3.secretKey().orElseThrow());
      secrets.add(s3.accessKey().get());
      secrets.add(s3.secretKey().get());
    }
    return uri("s3a", s3.bucket(), s3.location(), where);
  }

  private static URI file(StoreSpec spec, Map<String, String> conf) {
    conf.put("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.put("fs.file.impl.disable.cache", "true");
    String location = spec.location() == null ? "" : spec.location();
    java.nio.file.Path absolute = java.nio.file.Path.of(location).toAbsolutePath().normalize();
    try {
      absolute = absolute.toRealPath();
    } catch (IOException e) {
      // a missing directory is reported when the store is opened
    }
    try {
      return new URI("file", "", absolute.toString(), null, null);
    } catch (URISyntaxException e) {
      throw new ConfigurationException("stores." + spec.name() + ".location '" + location
          + "' cannot be written as a file:// URI: " + e.getReason());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // URIs

  /** {@code scheme://authority/location}, with the location's leading and trailing slashes removed. */
  private static URI uri(String scheme, String authority, String location, String where) {
    String path = location == null ? "" : location.trim();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.contains("//")) {
      throw new ConfigurationException(where + ".location '" + location + "' has an empty path segment, which"
          + " Hadoop paths cannot express");
    }
    try {
      return new URI(scheme, authority, "/" + path, null, null);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(where + ": cannot build a " + scheme + ":// URI from its settings: "
          + e.getReason());
    }
  }

  static URI parseOverride(String text, String key) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(key + " is not a valid URI: " + e.getReason());
    }
    if (uri.getScheme() == null || uri.isOpaque()) {
      throw new ConfigurationException(key + " must be an absolute URI with a scheme (hdfs://..., dbfs:/...,"
          + " abfss://...)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigurationException(key + " must not have a query or fragment");
    }
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    if (!path.startsWith("/")) {
      throw new ConfigurationException(key + " must have an absolute path");
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.contains("//")) {
      throw new ConfigurationException(key + " has an empty path segment");
    }
    try {
      return new URI(uri.getScheme(), uri.getRawAuthority() == null ? null : uri.getAuthority(), path, null, null);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(key + " is not a valid URI: " + e.getReason());
    }
  }

  /** The URI as text with any password in its user info hidden. */
  static String displayUri(URI uri) {
    String text = uri.toString();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      text = text.replace(userInfo + "@", userInfo.substring(0, userInfo.indexOf(':')) + ":***@");
    }
    return text;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String firstNonBlank(String first, String second) {
    String value = nonBlank(first);
    return value != null ? value : nonBlank(second);
  }
}
