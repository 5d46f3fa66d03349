package org.djgc.core.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The database product behind a connection, as its driver names it. */
public final class Databases {
  private Databases() {}

  /** Whether {@code connection} talks to PostgreSQL (else MySQL or MariaDB, the other supported servers). */
  public static boolean isPostgres(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
  }
}
