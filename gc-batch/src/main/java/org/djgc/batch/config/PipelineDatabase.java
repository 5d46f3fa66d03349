package org.djgc.batch.config;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The DataJoint pipeline's database server, read for references and holding the run locks. Kept
 * apart from the metadata {@link DataSource} bean so Spring Batch never confuses the two. Closing it
 * (Spring does, when the context ends) closes its connection pool.
 *
 * @param pool connections with no default database
 * @param description user, host and port, without the password
 */
public record PipelineDatabase(HikariDataSource pool, String description) implements AutoCloseable {

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
