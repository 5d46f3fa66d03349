package org.djgc.core.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The partitions of a partitioned run (its scan's {@code scanSlice}, its moves' {@code moveSlice},
 * its deletes' {@code deleteSlice}), as Spring Batch's tables in {@code datajoint_gc} record them.
 */
public final class BatchPartitions {
  private BatchPartitions() {}

  /** The {@code scanSlice} partitions of one job execution, by name: their status. */
  public static Map<String, String> statuses(DataSource metadata, long execution) {
    return statuses(metadata, execution, "scanSlice");
  }

  /** The partitions of {@code workerStep} ({@code scanSlice}, {@code moveSlice}, ...) of one job execution: their status. */
  public static Map<String, String> statuses(DataSource metadata, long execution, String workerStep) {
    return read(metadata, execution, workerStep, false);
  }

  /** The {@code scanSlice} partitions of one job execution, by name: status, a space, exit message. */
  public static Map<String, String> exits(DataSource metadata, long execution) {
    return read(metadata, execution, "scanSlice", true);
  }

  /** The partitions of {@code workerStep} of one job execution, by name: status, a space, exit message. */
  public static Map<String, String> exits(DataSource metadata, long execution, String workerStep) {
    return read(metadata, execution, workerStep, true);
  }

  private static Map<String, String> read(DataSource metadata, long execution, String workerStep,
      boolean withMessage) {
    Map<String, String> partitions = new LinkedHashMap<>();
    try (Connection connection = metadata.getConnection();
        PreparedStatement s = connection.prepareStatement("SELECT STEP_NAME, STATUS, EXIT_MESSAGE FROM"
            + " datajoint_gc.BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE ?"
            + " ORDER BY STEP_NAME")) {
      s.setLong(1, execution);
      s.setString(2, "%." + workerStep + ":%");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          partitions.put(r.getString(1), r.getString(2) + (withMessage ? " " + r.getString(3) : ""));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the partitions of execution " + execution, e);
    }
    return partitions;
  }
}
