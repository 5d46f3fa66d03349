package org.djgc.batch.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Whether this run's database user can write dj-gc's metadata database: an {@code UPDATE} of
 * Spring Batch's job instance table that matches no row, rolled back. The server checks the
 * privilege (and a read-only server or transaction) before it looks for rows, so the probe
 * changes nothing and needs no row to exist.
 */
@Component
public class MetadataAccess {
  static final String PROBE = "UPDATE BATCH_JOB_INSTANCE SET VERSION = VERSION WHERE 1 = 0";

  private final DataSource metadata;

  public MetadataAccess(DataSource metadata) {
    this.metadata = metadata;
  }

  /**
   * {@code null} when the user can write the metadata database, else why not (the server's words).
   *
   * @throws IllegalStateException on any other database error
   */
  public String whyNotWritable() {
    try (Connection connection = metadata.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(PROBE);
        return null;
      } catch (SQLException e) {
        if (denied(e)) {
          return e.getMessage();
        }
        throw e;
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot check whether dj-gc's metadata database is writable: " + e.getMessage(),
          e);
    }
  }

  /**
   * A refusal to write: MySQL/MariaDB's "command denied" (1142) or "access denied to database"
   * (1044), a server in read-only mode (1290, 1836); PostgreSQL's insufficient privilege (42501)
   * or read-only transaction (25006, a standby).
   */
  static boolean denied(SQLException e) {
    String state = e.getSQLState();
    int code = e.getErrorCode();
    return "42501".equals(state) || "25006".equals(state) || code == 1142 || code == 1044 || code == 1290
        || code == 1836;
  }
}
