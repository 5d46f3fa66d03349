package org.djgc.batch.job.remote;

import javax.sql.DataSource;
import org.djgc.core.jdbc.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which job repository a partition request belongs to: the metadata database as its server names
 * it ({@code host:port/database}, with the schema on PostgreSQL). Step execution ids are only unique within one repository, so a
 * worker runs a request only when the key matches its own; a broker or queue shared by two
 * installations by mistake then fails clearly instead of running another run's partition.
 */
@Component
public class RepositoryKey {
  /** Message header carrying the key. */
  static final String HEADER = "djgc_repository";
  /** Message header carrying the manager's job execution id. */
  static final String JOB_EXECUTION_HEADER = "djgc_job_execution";

  private final DataSource metadata;
  private volatile String value;

  public RepositoryKey(DataSource metadata) {
    this.metadata = metadata;
  }

  /** The key, read from the server once. */
  public String value() {
    String key = value;
    if (key == null) {
      key = new JdbcTemplate(metadata).execute((java.sql.Connection connection) -> {
        try (java.sql.Statement s = connection.createStatement();
            java.sql.ResultSet r = s.executeQuery(SqlDialect.of(connection).serverKeyQuery())) {
          r.next();
          return r.getString(1);
        }
      });
      value = key;
    }
    return key;
  }
}
