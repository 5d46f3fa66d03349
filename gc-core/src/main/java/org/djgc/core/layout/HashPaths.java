package org.djgc.core.layout;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Content hashes and hash-section paths as DataJoint builds them ({@code hash_registry.py}): the
 * hash is RFC 4648 base32 of the MD5 digest, lower case, without padding (26 characters of
 * {@code [a-z2-7]}); the path is {@code {hash_prefix}/{schema}/[{subfolds}/]{hash}}.
 */
public final class HashPaths {
  /** The file-name filter upstream's collector applies in hash sections. */
  public static final Pattern HASH_NAME = Pattern.compile("^[a-z2-7]{26}$");

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private HashPaths() {}

  /** DataJoint's {@code compute_hash}: base32(md5(payload)), lower case, unpadded. */
  public static String computeHash(byte[] payload) {
    try {
      return base32(MessageDigest.getInstance("MD5").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  /** The hash name of an MD5 digest computed elsewhere (e.g. while streaming a file). */
  public static String computeHashOfDigest(byte[] md5) {
    return base32(md5);
  }

  /** Whether a file name (not a path) is a hash name upstream's collector would list. */
  public static boolean isHashName(String fileName) {
    return HASH_NAME.matcher(fileName).matches();
  }

  /**
   * DataJoint's {@code build_hash_path}.
   *
   * @throws IllegalArgumentException when the hash is not 26 lower-case alphanumerics
   */
  public static String buildHashPath(String hash, String schema, String hashPrefix, List<Integer> subfolding) {
    if (hash.length() != 26 || !hash.chars().allMatch(Character::isLetterOrDigit)
        || !hash.equals(hash.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("Invalid content hash: " + hash);
    }
    StringBuilder path = new StringBuilder();
    String prefix = trimSlashes(hashPrefix);
    if (!prefix.isEmpty()) {
      path.append(prefix).append('/');
    }
    path.append(schema).append('/');
    int offset = 0;
    for (int width : subfolding) {
      path.append(hash, offset, Math.min(hash.length(), offset + width)).append('/');
      offset += width;
    }
    return path.append(hash).toString();
  }

  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  static String trimSlashes(String prefix) {
    int start = 0;
    int end = prefix.length();
    while (start < end && prefix.charAt(start) == '/') {
      start++;
    }
    while (end > start && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(start, end);
  }
}
