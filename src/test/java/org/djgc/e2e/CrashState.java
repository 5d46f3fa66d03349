package org.djgc.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.djgc.core.testing.TestDatabase;

/**
 * The comparable state of store {@code crash}: its files (path → content digest) and its ledger
 * (original path → states), with what legitimately differs between two runs taken out: the trash
 * run segment {@code YYYYMMDDTHHMMSSZ-<executionId>} becomes {@code <run>}, and ids and times are
 * not read.
 */
record CrashState(Map<String, String> files, Map<String, String> ledger) {
  private static final Pattern RUN_SEGMENT = Pattern.compile("^_trash/\\d{8}T\\d{6}Z-\\d+/");

  static CrashState of(TestDatabase db, Path storeRoot) {
    return new CrashState(normalizedFiles(storeRoot), ledger(db));
  }

  /** Every file: relative path (trash run segment normalized) → sha-256 of its bytes (duplicates joined). */
  static Map<String, String> normalizedFiles(Path root) {
    Map<String, String> files = new TreeMap<>();
    rawFiles(root).forEach((path, digest) -> files.merge(RUN_SEGMENT.matcher(path).replaceFirst("_trash/<run>/"),
        digest, (a, b) -> a + "+" + b));
    return files;
  }

  /** Every file: relative path → sha-256 of its bytes. */
  static Map<String, String> rawFiles(Path root) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), digest(Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Ledger rows of store crash: original path → sorted states (with /HEALED or /OPERATOR). */
  static Map<String, String> ledger(TestDatabase db) {
    Map<String, List<String>> rows = new TreeMap<>();
    for (Row row : rows(db)) {
      rows.computeIfAbsent(row.originalPath(), k -> new ArrayList<>())
          .add(row.state() + (row.restoreReason() == null ? "" : "/" + row.restoreReason()));
    }
    Map<String, String> ledger = new TreeMap<>();
    rows.forEach((path, states) -> ledger.put(path, String.join(",", states.stream().sorted().toList())));
    return ledger;
  }

  /** One ledger row, as much as the tests look at. */
  record Row(long id, String originalPath, String trashPath, String state, String restoreReason, String error) {}

  static List<Row> rows(TestDatabase db) {
    List<Row> rows = new ArrayList<>();
    try (Connection connection = db.dataSource().getConnection()) {
      try (ResultSet tables = connection.getMetaData().getTables("datajoint_gc", null, "gc_quarantine", null)) {
        if (!tables.next()) {
          return rows;
        }
      }
      try (PreparedStatement s = connection.prepareStatement("SELECT id, original_path, trash_path, state,"
          + " restore_reason, error FROM datajoint_gc.gc_quarantine WHERE store = ? ORDER BY id")) {
        s.setString(1, CrashPipeline.STORE);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6)));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  static String digest(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
