package org.djgc.core.work;

import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.testing.PipelineServer;
import org.djgc.core.testing.TestDatabase;

/** The work area in MariaDB (a database of its own, recreated per test). */
class JdbcWorkAreaTest extends AbstractWorkAreaContractTest {
  private static final String DATABASE = "gct_work_area";
  private final PipelineServer db = server();

  /** Where the work area lives. */
  PipelineServer server() {
    return TestDatabase.get();
  }

  @Override
  WorkArea createEmpty() {
    db.recreateSchema(DATABASE);
    JdbcWorkArea area;
    try {
      area = new JdbcWorkArea(db.dataSource(), SqlDialect.of(db.dataSource()), DATABASE);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    area.createTable();
    return area;
  }

  @org.junit.jupiter.api.AfterEach
  void drop() {
    db.dropSchemas(DATABASE);
  }

  @Override
  void leaveHalfWritten(long execution, String name) {
    db.execute("INSERT INTO " + DATABASE + ".gc_work_file VALUES (" + execution + ", '" + name + "', 0, 'half')");
  }
}
