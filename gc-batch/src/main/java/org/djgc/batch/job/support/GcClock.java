package org.djgc.batch.job.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import org.djgc.batch.config.GcProperties;
import org.djgc.batch.config.TestingHooks;
import org.djgc.core.error.FailureCategory;
import org.djgc.core.error.GcException;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.jdbc.UtcInstants;
import org.springframework.stereotype.Component;

/**
 * dj-gc's clock: the metadata database server's UTC time to the microsecond ({@code
 * UTC_TIMESTAMP(6)}, PostgreSQL's {@code clock_timestamp()} in UTC), so runs on different hosts
 * agree on quarantine and purge times (spec §8.1). It is read as a UTC wall-clock value
 * ({@link UtcInstants}), so neither the JVM's time zone nor the session's {@code time_zone} moves
 * it. {@code gc.testing.clock-offset} shifts it, in test JVMs only ({@link TestingHooks}).
 */
@Component
public class GcClock {
  private final DataSource dataSource;
  private final java.time.Duration offset;

  public GcClock(DataSource dataSource, GcProperties properties) {
    this.dataSource = dataSource;
    this.offset = properties.testing().clockOffset();
    TestingHooks.check(TestingHooks.CLOCK_OFFSET, !offset.isZero());
  }

  public Instant now() {
    try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SqlDialect.of(connection).utcNowQuery())) {
      r.next();
      return UtcInstants.read(r, 1).plus(offset);
    } catch (SQLException e) {
      throw new GcException(FailureCategory.TRANSIENT, "Cannot read the database clock: " + e.getMessage(), e);
    }
  }
}
