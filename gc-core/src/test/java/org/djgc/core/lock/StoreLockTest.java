package org.djgc.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.djgc.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Locks live on their own connection, which the server must not drop while it sits idle. */
class StoreLockTest {
  private final TestDatabase db = TestDatabase.get();

  @Test
  void aHeldLocksConnectionOutlivesTheServersDefaultIdleTimeout() throws Exception {
    String name = "djgc-test-" + System.nanoTime();
    try (StoreLock lock = StoreLock.tryAcquire(db.dataSource(), name).orElseThrow()) {
      assertThat(lock.idleTimeoutSeconds()).isEqualTo(StoreLock.IDLE_TIMEOUT_SECONDS);
      assertThat(StoreLock.isFree(db.dataSource(), name)).isFalse();
      assertThat(StoreLock.tryAcquire(db.dataSource(), name)).isEmpty();
    }
    assertThat(StoreLock.isFree(db.dataSource(), name)).isTrue();
  }

  @Test
  void theHolderIsTheSessionThatTookTheLockAndNoneOnceReleased() {
    String name = "djgc-test-" + System.nanoTime();
    assertThat(StoreLock.holder(db.dataSource(), name)).isEmpty();
    try (StoreLock lock = StoreLock.tryAcquire(db.dataSource(), name).orElseThrow()) {
      assertThat(StoreLock.holder(db.dataSource(), name)).hasValue(lock.sessionId());
      try (StoreLock other = StoreLock.tryAcquire(db.dataSource(), name + "-other").orElseThrow()) {
        assertThat(other.sessionId()).isNotEqualTo(lock.sessionId());
      }
    }
    assertThat(StoreLock.holder(db.dataSource(), name)).isEmpty();
  }
}
