package org.djgc.core.layout;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Schema-section paths as DataJoint builds them ({@code storage.py build_object_path} and {@code
 * encode_pk_value}). dj-gc never parses these paths back; it builds them for test fixtures and to
 * check the contract's vectors.
 */
public final class ObjectPaths {
  private static final String UNSAFE = "/\\:*?\"<>|";
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

  private ObjectPaths() {}

  /** DataJoint's {@code encode_pk_value} for the Java equivalents of Python's key types. */
  public static String encodePkValue(Object value) {
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Number || value instanceof UUID || value instanceof BigDecimal) {
      return value.toString();
    }
    if (value instanceof LocalDateTime dateTime) {
      return dateTime.format(DATETIME);
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    String text = String.valueOf(value);
    boolean unsafe = text.chars().anyMatch(c -> UNSAFE.indexOf(c) >= 0);
    if (!unsafe && text.length() <= 100) {
      return text;
    }
    if (text.length() > 100) {
      text = text.substring(0, 50) + "_" + md5Hex(text).substring(0, 8);
    }
    return quote(text);
  }

  /**
   * DataJoint's {@code build_object_path} without partitioning:
   * {@code {schema_prefix}/{schema}/{table}/{k}={v}/.../{field}_{token}{ext}}.
   */
  public static String buildObjectPath(String schemaPrefix, String schema, String table,
      LinkedHashMap<String, Object> primaryKey, String field, String token, String ext) {
    StringBuilder path = new StringBuilder();
    String prefix = HashPaths.trimSlashes(schemaPrefix);
    if (!prefix.isEmpty()) {
      path.append(prefix).append('/');
    }
    path.append(schema).append('/').append(table).append('/');
    for (Map.Entry<String, Object> entry : primaryKey.entrySet()) {
      path.append(entry.getKey()).append('=').append(encodePkValue(entry.getValue())).append('/');
    }
    path.append(field).append('_').append(token);
    if (ext != null && !ext.isEmpty()) {
      path.append(ext.startsWith(".") ? ext : "." + ext);
    }
    return path.toString();
  }

  /** Python's {@code urllib.parse.quote(s, safe="")}: everything but {@code A-Za-z0-9_.-~}. */
  static String quote(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
