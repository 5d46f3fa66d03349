package org.djgc.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import javax.sql.DataSource;
import org.djgc.core.testing.TestDatabase;
import org.djgc.core.testing.TestPostgres;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Locks live on their own connection, which the server must not drop while it sits idle; on
 * MariaDB ({@code GET_LOCK}) and on PostgreSQL (advisory locks), the same rules.
 */
class StoreLockTest {
  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of(Named.of("MariaDB", TestDatabase.get().dataSource()), (long) MysqlLockSql.IDLE_TIMEOUT_SECONDS),
        Arguments.of(Named.of("PostgreSQL", TestPostgres.get().dataSource()), 0L));
  }

  @ParameterizedTest
  @MethodSource("servers")
  void aHeldLocksConnectionOutlivesTheServersDefaultIdleTimeout(DataSource server, long idleTimeout) throws Exception {
    String name = "djgc-test-" + System.nanoTime();
    try (StoreLock lock = StoreLock.tryAcquire(server, name).orElseThrow()) {
      assertThat(lock.idleTimeoutSeconds()).isEqualTo(idleTimeout);
      assertThat(lock.held()).isTrue();
      assertThat(StoreLock.isFree(server, name)).isFalse();
      assertThat(StoreLock.tryAcquire(server, name)).isEmpty();
    }
    assertThat(StoreLock.isFree(server, name)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("servers")
  void theHolderIsTheSessionThatTookTheLockAndNoneOnceReleased(DataSource server, long idleTimeout) {
    String name = "djgc-test-" + System.nanoTime();
    assertThat(StoreLock.holder(server, name)).isEmpty();
    try (StoreLock lock = StoreLock.tryAcquire(server, name).orElseThrow()) {
      assertThat(StoreLock.holder(server, name)).hasValue(lock.sessionId());
      try (StoreLock other = StoreLock.tryAcquire(server, name + "-other").orElseThrow()) {
        assertThat(other.sessionId()).isNotEqualTo(lock.sessionId());
        assertThat(StoreLock.holder(server, name + "-other")).hasValue(other.sessionId());
      }
    }
    assertThat(StoreLock.holder(server, name)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("servers")
  void aLockDiesWithItsConnection(DataSource server, long idleTimeout) throws Exception {
    String name = "djgc-test-" + System.nanoTime();
    StoreLock lock = StoreLock.tryAcquire(server, name).orElseThrow();
    long session = lock.sessionId();
    try (var killer = server.getConnection(); var statement = killer.createStatement()) {
      // as when the holding process is killed: the server ends its session
      statement.execute(killer.getMetaData().getDatabaseProductName().contains("PostgreSQL")
          ? "SELECT pg_terminate_backend(" + session + ")" : "KILL " + session);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!StoreLock.isFree(server, name) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(StoreLock.isFree(server, name)).isTrue();
    lock.close();
  }
}
