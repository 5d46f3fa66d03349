package org.djgc.core.work;

import org.djgc.core.testing.PipelineServer;
import org.djgc.core.testing.TestPostgres;

/** The work area in PostgreSQL (a schema of its own, recreated per test). */
class PostgresWorkAreaTest extends JdbcWorkAreaTest {
  @Override
  PipelineServer server() {
    return TestPostgres.get();
  }
}
