package org.djgc.batch.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.lock.StoreLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates Spring Batch's {@code BATCH_*} tables in the metadata database once, when they are
 * missing, instead of re-running the DDL (and logging its failures) on every start: Spring Batch's
 * own script for the server ({@code schema-mysql.sql}, {@code schema-postgresql.sql}), in the
 * database (MySQL) or schema (PostgreSQL) the metadata connection works in, under the lock
 * {@value #LOCK} (Spring Batch's scripts have no {@code IF NOT EXISTS}: two first starts at once
 * would fail one of them).
 */
@Component
public class BatchSchemaInitializer implements InitializingBean {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSchemaInitializer.class);

  private final DataSource dataSource;

  public BatchSchemaInitializer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Held while a process creates dj-gc's metadata tables or schema: two first starts at once must not race. */
  public static final String LOCK = "djgc-metadata-tables";
  static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(2);

  @Override
  public void afterPropertiesSet() throws SQLException {
    try (StoreLock lock = StoreLock.await(dataSource, LOCK, LOCK_WAIT);
        Connection connection = dataSource.getConnection()) {
      SqlDialect dialect = SqlDialect.of(connection);
      if (tableExists(connection, dialect.catalogName("BATCH_JOB_INSTANCE"))) {
        return;
      }
      LOG.info("Creating Spring Batch tables in {}", where(connection));
      new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + dialect.name()
          + ".sql")).populate(connection);
    }
  }

  /** Whether {@code table} exists where the connection works (its MySQL database, its PostgreSQL schema). */
  static boolean tableExists(Connection connection, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), table,
        null)) {
      return tables.next();
    }
  }

  private static String where(Connection connection) throws SQLException {
    return connection.getSchema() == null ? connection.getCatalog()
        : connection.getCatalog() + "." + connection.getSchema();
  }
}
