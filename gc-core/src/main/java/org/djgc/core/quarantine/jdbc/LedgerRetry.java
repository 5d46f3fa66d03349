package org.djgc.core.quarantine.jdbc;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.djgc.core.jdbc.SqlDialect;
import org.djgc.core.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a ledger call again when the database rolled it back for a reason that says nothing about
 * the call itself: it was a deadlock victim, it waited too long for a lock, InnoDB could not hand
 * it an auto-increment value because of such a rollback, or PostgreSQL could not serialize it
 * ({@link SqlDialect#isTransient}). Two dj-gc processes on different
 * stores share one metadata database, so this can happen however the statements are written
 * (spec §14.2 gap 12).
 *
 * <p>Retrying is safe because such an error comes from a statement, before any commit: the whole
 * transaction is rolled back (the ledger rolls back explicitly as well) and nothing of it is
 * visible. Errors whose outcome is unknown, such as a connection lost during the commit, are never
 * retried: they fail the call as before, and the run is restarted.
 */
final class LedgerRetry {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerRetry.class);

  static final int ATTEMPTS = 5;
  private static final long FIRST_PAUSE_MILLIS = 20;

  /** A ledger call: its statements, on a connection it opens and closes itself. */
  interface Call<T> {
    T call() throws SQLException;
  }

  private LedgerRetry() {}

  static <T> T run(SqlDialect dialect, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (SQLException e) {
        if (attempt == ATTEMPTS || !dialect.isTransient(e)) {
          String tries = attempt == 1 ? "" : " (attempt " + attempt + " of " + ATTEMPTS + ")";
          throw new StorageException("Ledger " + LedgerSql.TABLE + " failed" + tries + ": " + e.getMessage(), e);
        }
        LOG.warn("Ledger {} transaction rolled back by the database ({}); running it again (attempt {} of {})",
            LedgerSql.TABLE, e.getMessage(), attempt + 1, ATTEMPTS);
        pause(attempt);
      }
    }
  }

  /** Exponential back-off with jitter, so that two processes that collided do not collide again. */
  private static void pause(int attempt) {
    long base = FIRST_PAUSE_MILLIS << (attempt - 1);
    try {
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Ledger " + LedgerSql.TABLE + ": interrupted while waiting to run a rolled-back"
          + " transaction again", e);
    }
  }
}
