package org.djgc.core.quarantine.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.djgc.core.jdbc.MysqlDialect;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.lock.StoreLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The ledger's versioned migrations, applied by Flyway and recorded in {@code gc_schema_history}
 * beside the ledger (spec §6.3). Processes starting together apply each migration once: each
 * migrates only while it holds the lock {@value #LOCK} on the metadata server (MySQL's
 * {@code GET_LOCK}, a PostgreSQL advisory lock), since Flyway's own lock is taken only after it has
 * decided whether to baseline, and two processes deciding at once fail one of them.
 *
 * <p>A database holding a ledger created before migrations existed (by release 1, which created
 * and altered its tables in place) has no history table: it is baselined at version 0, and
 * migration 1 brings whatever it finds to version 1's tables (creating what is missing, adding the
 * identity and claim columns and the {@code CHANGED} state older tables lack). Every later change
 * to the ledger's tables is a new migration appended to {@link #MIGRATIONS}; a migration, once
 * released, never changes (its checksum is its statements'). A ledger a newer dj-gc has migrated
 * further is refused: this version does not know its tables.
 */
final class LedgerMigrations {
  static final String HISTORY_TABLE = "gc_schema_history";
  /** The lock a process holds while it migrates. */
  static final String LOCK = "djgc-ledger-migrations";
  private static final Duration LOCK_WAIT = Duration.ofMinutes(2);

  /** The migrations, in version order. */
  private static final List<Migration> MIGRATIONS = List.of(
      new Migration("1", "ledger tables", LedgerTables::create, LedgerMigrations::upgradeRelease1Tables));

  private LedgerMigrations() {}

  /** Brings the ledger's tables in {@code dataSource}'s database (or schema) to the newest version. */
  static void migrate(DataSource dataSource, SqlDialect dialect) {
    try (StoreLock lock = StoreLock.await(dataSource, LOCK, LOCK_WAIT)) {
      Flyway flyway = flyway(dataSource, dialect);
      org.flywaydb.core.api.MigrationInfo current = flyway.info().current();
      if (current != null && current.getVersion() != null
          && current.getVersion().compareTo(MigrationVersion.fromVersion(latestVersion())) > 0) {
        throw new org.djgc.core.config.ConfigurationException("The ledger's tables are at version "
            + current.getVersion() + " (" + HISTORY_TABLE + "), migrated by a newer dj-gc; this one knows versions up"
            + " to " + latestVersion() + " and does not use them: run the newer dj-gc");
      }
      flyway.migrate();
    }
  }

  private static Flyway flyway(DataSource dataSource, SqlDialect dialect) {
    return Flyway.configure(LedgerMigrations.class.getClassLoader())
        .dataSource(dataSource)
        .table(HISTORY_TABLE)
        .locations(new String[0])
        .javaMigrations(MIGRATIONS.stream().map(m -> m.in(dialect)).toArray(JavaMigration[]::new))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("tables created before versioned migrations")
        // a ledger migrated by a newer dj-gc is refused, not used by code that does not know its tables
        .ignoreMigrationPatterns(new String[0])
        .load();
  }

  /** The version the newest migration brings the tables to. */
  static String latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /** Statements of one dialect. */
  private interface Statements {
    List<String> of(SqlDialect dialect);
  }

  /** Work on tables a migration finds in a state its statements alone cannot bring forward. */
  private interface Upgrade {
    void apply(Connection connection, SqlDialect dialect) throws SQLException;
  }

  private record Migration(String version, String description, Statements statements, Upgrade upgrade) {
    JavaMigration in(SqlDialect dialect) {
      List<String> sql = statements.of(dialect);
      CRC32 crc = new CRC32();
      sql.forEach(s -> crc.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      int checksum = (int) crc.getValue();
      return new JavaMigration() {
        @Override
        public MigrationVersion getVersion() {
          return MigrationVersion.fromVersion(version);
        }

        @Override
        public String getDescription() {
          return description;
        }

        @Override
        public Integer getChecksum() {
          return checksum;
        }

        @Override
        public boolean canExecuteInTransaction() {
          return !(dialect instanceof MysqlDialect); // MySQL commits each DDL statement anyway
        }

        @Override
        public void migrate(Context context) throws SQLException {
          Connection connection = context.getConnection();
          try (Statement s = connection.createStatement()) {
            for (String statement : sql) {
              s.execute(statement);
            }
          }
          upgrade.apply(connection, dialect);
        }
      };
    }
  }

  /**
   * Release 1's tables on MySQL/MariaDB: tables from before rows were keyed by store identity get
   * the identity, place and claim columns and their keys in one {@code ALTER} (InnoDB applies all
   * of it or none), and a state column without {@code CHANGED} gets it appended (values are only
   * ever appended, so existing rows keep theirs). PostgreSQL ledgers never had older tables.
   */
  private static void upgradeRelease1Tables(Connection connection, SqlDialect dialect) throws SQLException {
    if (!(dialect instanceof MysqlDialect)) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      if (!hasColumn(s, "store_id")) {
        s.execute("""
            ALTER TABLE gc_quarantine
              ADD COLUMN store_id CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER store,
              ADD COLUMN store_place CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER store_id,
              ADD COLUMN claim_execution_id BIGINT NULL,
              DROP INDEX uq_gc_quarantine_trash,
              ADD UNIQUE KEY uq_gc_quarantine_trash (store_id, trash_path_sha256),
              DROP INDEX ix_gc_quarantine_state,
              ADD KEY ix_gc_quarantine_state (store_id, state, quarantined_at),
              DROP INDEX ix_gc_quarantine_original,
              ADD KEY ix_gc_quarantine_original (store_id, original_path(255)),
              ADD KEY ix_gc_quarantine_name (store, store_id),
              ADD KEY ix_gc_quarantine_place (store_place, state)""");
      }
      try (ResultSet r = s.executeQuery("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
          + " DATABASE() AND TABLE_NAME = 'gc_quarantine' AND COLUMN_NAME = 'state'")) {
        if (!r.next() || r.getString(1).contains("'CHANGED'")) {
          return;
        }
      }
      s.execute("ALTER TABLE gc_quarantine MODIFY state ENUM(" + LedgerTables.STATES + ") NOT NULL");
    }
  }

  private static boolean hasColumn(Statement s, String column) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
        + " DATABASE() AND TABLE_NAME = 'gc_quarantine' AND COLUMN_NAME = '" + column + "'")) {
      return r.next() && r.getInt(1) > 0;
    }
  }
}
