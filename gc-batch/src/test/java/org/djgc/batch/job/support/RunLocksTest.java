package org.djgc.batch.job.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.djgc.batch.config.PipelineDatabase;
import org.djgc.core.error.GcException;
import org.djgc.core.lock.StoreLock;
import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a partition proves its manager (spec §4.6): each lock the manager recorded must still be held
 * by the session it recorded, so a dead manager, and a new run that took the store after it, both
 * fail the proof.
 */
class RunLocksTest {
  private final TestDatabase db = TestDatabase.get();
  private final HikariDataSource pool = pool();
  private final RunLocks manager = new RunLocks(new PipelineDatabase(pool, "test"));
  private final RunLocks worker = new RunLocks(new PipelineDatabase(pool, "test"));
  private final long execution = System.nanoTime() % 1_000_000_000L;

  private HikariDataSource pool() {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername(db.user());
    pool.setPassword(db.password());
    return pool;
  }

  @AfterEach
  void close() {
    manager.releaseExecution();
    pool.close();
  }

  @Test
  void aLiveManagersLocksProveItself() {
    assertThat(manager.holdExecution(execution)).isTrue();
    Map<String, Long> recorded = manager.heldLocks();
    assertThat(recorded).containsOnlyKeys(StoreLock.executionLockName(execution));

    worker.checkHeldBy(recorded, "partition p");
  }

  @Test
  void aGoneManagerFailsTheProof() {
    manager.holdExecution(execution);
    Map<String, Long> recorded = manager.heldLocks();
    manager.releaseExecution();

    assertThatThrownBy(() -> worker.checkHeldBy(recorded, "partition p")).isInstanceOf(GcException.class)
        .hasMessageContaining("no longer holds lock " + StoreLock.executionLockName(execution))
        .hasMessageContaining("now free");
  }

  @Test
  void aLockTakenSinceByAnotherSessionFailsTheProof() {
    manager.holdExecution(execution);
    Map<String, Long> recorded = manager.heldLocks();
    manager.releaseExecution();
    // another process: its own connection, so another server session
    try (StoreLock other = StoreLock.tryAcquire(db.dataSource(), StoreLock.executionLockName(execution))
        .orElseThrow()) {
      assertThatThrownBy(() -> worker.checkHeldBy(recorded, "partition p")).isInstanceOf(GcException.class)
          .hasMessageContaining("now session " + other.sessionId());
    }
  }

  @Test
  void aPartitionWithoutRecordedLocksIsRefused() {
    assertThatThrownBy(() -> worker.checkHeldBy(Map.of(), "partition p")).isInstanceOf(GcException.class)
        .hasMessageContaining("names no lock of its manager");
  }
}
