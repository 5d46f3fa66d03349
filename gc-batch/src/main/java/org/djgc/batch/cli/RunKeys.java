package org.djgc.batch.cli;

import java.util.Optional;
import javax.sql.DataSource;
import org.djgc.batch.job.support.ExecutionsSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The executions a scheduler's run key ({@code --run-key=K}, e.g. Airflow's {@code run_id}) names:
 * a launch with a key that an earlier execution of the same job on the same store carries is that
 * run again, so a scheduler's plain retry restarts the failed execution (or, when it completed,
 * does nothing) instead of starting a second run.
 */
@Component
public class RunKeys {
  /** The job parameter (identifying) that carries the key. */
  public static final String PARAMETER = "runKey";
  /** The longest key accepted. */
  static final int MAX_LENGTH = 200;

  private final JdbcTemplate metadata;

  public RunKeys(DataSource metadata) {
    this.metadata = new JdbcTemplate(metadata);
  }

  /** The newest execution of {@code job} on {@code store} launched with {@code key}. */
  public Optional<Long> lastExecution(String job, String store, String key) {
    Long id = metadata.queryForObject("SELECT MAX(e.JOB_EXECUTION_ID) " + ExecutionsSql.FROM
        + " WHERE i.JOB_NAME = ? AND " + ExecutionsSql.withParameter(PARAMETER) + " AND " + ExecutionsSql.ON_STORE,
        Long.class, job, key, store);
    return Optional.ofNullable(id);
  }

  /** Checks a key's shape: 1 to {@value #MAX_LENGTH} printable characters. */
  static String check(String key) {
    if (key.length() > MAX_LENGTH || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new UsageException("Invalid --run-key: at most " + MAX_LENGTH + " printable characters");
    }
    return key;
  }
}
