package org.djgc.core.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A database server a test pipeline lives on: MariaDB ({@link TestDatabase}) or PostgreSQL
 * ({@link TestPostgres}), as DataJoint would use it.
 */
public interface PipelineServer {
  /** DataJoint's {@code database.backend}: {@code mysql} or {@code postgresql}. */
  String backend();

  String host();

  int port();

  String user();

  String password();

  /** DataJoint's {@code database.*} settings pointing at this server: host, port, user, password, backend. */
  default Map<String, Object> datajointSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("host", host());
    settings.put("port", port());
    settings.put("user", user());
    settings.put("password", password());
    settings.put("backend", backend());
    return settings;
  }

  DataSource dataSource();

  /** A data source working in {@code schema} (a MySQL database, a PostgreSQL schema) as dj-gc's metadata would. */
  DataSource dataSourceIn(String schema);

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
