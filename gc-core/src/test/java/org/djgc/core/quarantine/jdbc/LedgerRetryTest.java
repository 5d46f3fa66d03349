package org.djgc.core.quarantine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.djgc.core.storage.StorageException;
import org.junit.jupiter.api.Test;

/** Which database errors the ledger runs again, and how often (spec §14.2 gap 12). */
class LedgerRetryTest {
  private static final SQLException DEADLOCK = new SQLException("Deadlock found", "40001", 1213);
  private static final SQLException AUTO_INC = new SQLException("Failed to read auto-increment value", "HY000", 1467);
  private static final SQLException LOCK_WAIT = new SQLException("Lock wait timeout exceeded", "HY000", 1205);

  @Test
  void aRolledBackTransactionRunsAgainUntilItCommits() {
    AtomicInteger calls = new AtomicInteger();
    String result = LedgerRetry.run(org.djgc.core.jdbc.MysqlDialect.INSTANCE, () -> {
      int call = calls.incrementAndGet();
      if (call == 1) {
        throw new BatchUpdateException("batch", "HY000", 0, new int[0], DEADLOCK);
      }
      if (call == 2) {
        throw AUTO_INC;
      }
      if (call == 3) {
        throw LOCK_WAIT;
      }
      return "committed";
    });
    assertThat(result).isEqualTo("committed");
    assertThat(calls).hasValue(4);
  }

  @Test
  void anyOtherErrorFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> LedgerRetry.run(org.djgc.core.jdbc.MysqlDialect.INSTANCE, () -> {
      calls.incrementAndGet();
      throw new SQLIntegrityConstraintViolationException("Duplicate entry 'x'", "23000", 1062);
    })).isInstanceOf(StorageException.class).hasMessage("Ledger gc_quarantine failed: Duplicate entry 'x'");
    assertThat(calls).hasValue(1);
  }

  @Test
  void contentionThatOutlastsEveryAttemptFailsTheCallNamingTheAttempts() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> LedgerRetry.run(org.djgc.core.jdbc.MysqlDialect.INSTANCE, () -> {
      calls.incrementAndGet();
      throw DEADLOCK;
    })).isInstanceOf(StorageException.class)
        .hasMessage("Ledger gc_quarantine failed (attempt 5 of 5): Deadlock found").hasCause(DEADLOCK);
    assertThat(calls).hasValue(LedgerRetry.ATTEMPTS);
  }

  @Test
  void onPostgresqlDeadlocksSerializationFailuresAndLockTimeoutsRunAgainAndDuplicatesDoNot() {
    org.djgc.core.jdbc.SqlDialect postgres = org.djgc.core.jdbc.PostgresDialect.INSTANCE;
    for (String state : new String[] {"40P01", "40001", "55P03"}) {
      AtomicInteger calls = new AtomicInteger();
      String result = LedgerRetry.run(postgres, () -> {
        if (calls.incrementAndGet() == 1) {
          throw new BatchUpdateException("batch", "08000", 0, new int[0], new SQLException("rolled back", state));
        }
        return "committed";
      });
      assertThat(result).as(state).isEqualTo("committed");
      assertThat(calls).as(state).hasValue(2);
    }
    SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
    assertThat(postgres.isTransient(duplicate)).isFalse();
    assertThat(postgres.isDuplicateKey(duplicate)).isTrue();
    assertThat(org.djgc.core.jdbc.MysqlDialect.INSTANCE.isTransient(new SQLException("x", "40P01"))).isFalse();
  }
}
