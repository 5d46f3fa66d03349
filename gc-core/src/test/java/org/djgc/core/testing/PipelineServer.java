package org.djgc.core.testing;

import java.util.Map;
import javax.sql.DataSource;

/**
 * A database server a test pipeline lives on: MariaDB ({@link TestDatabase}) or PostgreSQL
 * ({@link TestPostgres}), as DataJoint would use it.
 */
public interface PipelineServer {
  /** DataJoint's {@code database.backend}: {@code mysql} or {@code postgresql}. */
  String backend();

  /** DataJoint's {@code database.*} settings pointing at this server (host, port, user, password, backend, name). */
  Map<String, Object> datajointSettings();

  DataSource dataSource();

  /** Runs statements on a fresh connection. */
  void execute(String... sql);

  /** Drops and re-creates a schema (a MySQL database, a PostgreSQL namespace). */
  void recreateSchema(String schema);

  /** Drops schemas if they exist. */
  void dropSchemas(String... schemas);

  /** An identifier quoted for this server's SQL. */
  String quote(String identifier);

  default boolean postgres() {
    return backend().equals("postgresql");
  }
}
