package org.djgc.batch.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates Spring Batch's {@code BATCH_*} tables in the metadata database once, when they are
 * missing, instead of re-running the DDL (and logging its failures) on every start.
 */
@Component
public class BatchSchemaInitializer implements InitializingBean {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSchemaInitializer.class);
  private static final String SCHEMA = "org/springframework/batch/core/schema-mysql.sql";

  private final DataSource dataSource;

  public BatchSchemaInitializer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (tableExists(connection, "BATCH_JOB_INSTANCE")) {
        return;
      }
      LOG.info("Creating Spring Batch tables in {}", connection.getCatalog());
      new ResourceDatabasePopulator(new ClassPathResource(SCHEMA)).populate(connection);
    }
  }

  static boolean tableExists(Connection connection, String table) throws SQLException {
    try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, table, null)) {
      return tables.next();
    }
  }
}
