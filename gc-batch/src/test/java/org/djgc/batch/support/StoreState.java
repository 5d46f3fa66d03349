package org.djgc.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.djgc.core.testing.PipelineServer;

/** What a test asserts after a run: the files in the store and the ledger rows of a store. */
public final class StoreState {
  private StoreState() {}

  /** Every file under {@code root}: relative path → size. */
  public static Map<String, Long> files(Path root) {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(f -> files.put(root.relativize(f).toString(), f.toFile().length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Files under {@code root/_trash}: original path (the part after the run segment) → trash path. */
  public static Map<String, String> trash(Path root) {
    Map<String, String> trash = new TreeMap<>();
    for (String path : files(root).keySet()) {
      if (path.startsWith("_trash/")) {
        String rest = path.substring("_trash/".length());
        trash.put(rest.substring(rest.indexOf('/') + 1), path);
      }
    }
    return trash;
  }

  /** Ledger of a store (in {@code datajoint_gc} on the metadata server): original path → state (with {@code /HEALED} or {@code /OPERATOR} for restored rows). */
  public static Map<String, String> ledger(PipelineServer metadata, String store) {
    Map<String, String> rows = new TreeMap<>();
    try (Connection connection = metadata.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT original_path, state, restore_reason FROM"
            + " datajoint_gc.gc_quarantine WHERE store = ? ORDER BY id")) {
      s.setString(1, store);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String reason = r.getString(3);
          rows.merge(r.getString(1), r.getString(2) + (reason == null ? "" : "/" + reason), (a, b) -> a + "," + b);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /**
   * The newest job execution on {@code store} (by its {@code store} parameter): other stores' runs
   * share the job repository.
   */
  public static long lastExecution(PipelineServer metadata, String store) {
    try (Connection connection = metadata.dataSource().getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT MAX(JOB_EXECUTION_ID) FROM"
            + " datajoint_gc.BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME = 'store' AND PARAMETER_VALUE = ?")) {
      s.setString(1, store);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
