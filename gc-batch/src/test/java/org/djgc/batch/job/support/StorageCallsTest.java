package org.djgc.batch.job.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded storage calls of one chunk: order of results, the bound, and a throwing call. */
class StorageCallsTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 200).boxed().toList();

  @Test
  void resultsComeInTheItemsOrderAndNoMoreThanTheBoundRunAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try (StorageCalls calls = new StorageCalls(8, "test")) {
      List<Integer> results = calls.map(ITEMS, i -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        sleep(1);
        running.decrementAndGet();
        return i * 2;
      });
      assertThat(results).isEqualTo(ITEMS.stream().map(i -> i * 2).toList());
    }
    assertThat(peak.get()).isBetween(2, 8);
  }

  @Test
  void withABoundOfOneEveryCallRunsOnTheCallersThreadInOrder() {
    Thread caller = Thread.currentThread();
    List<Integer> seen = new java.util.ArrayList<>();
    try (StorageCalls calls = new StorageCalls(1, "test")) {
      calls.map(ITEMS, i -> {
        assertThat(Thread.currentThread()).isSameAs(caller);
        seen.add(i);
        return i;
      });
    }
    assertThat(seen).isEqualTo(ITEMS);
  }

  @Test
  void aThrowingCallStopsNewCallsLetsTheCallsUnderWayFinishAndIsRethrown() throws Exception {
    // given: call 0 throws while calls 1..3 are blocked under way
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch othersUnderWay = new CountDownLatch(3);
    Set<Integer> finished = ConcurrentHashMap.newKeySet();
    Set<Integer> started = ConcurrentHashMap.newKeySet();
    try (StorageCalls calls = new StorageCalls(4, "test")) {
      Thread releaser = new Thread(() -> {
        sleep(200);
        release.countDown();
      });
      releaser.start();

      // when / then
      assertThatThrownBy(() -> calls.map(ITEMS, i -> {
        started.add(i);
        if (i == 0) {
          await(othersUnderWay);
          throw new IllegalStateException("killed at " + i);
        }
        othersUnderWay.countDown();
        await(release);
        finished.add(i);
        return i;
      })).isInstanceOf(IllegalStateException.class).hasMessage("killed at 0");
      releaser.join();
    }
    // the calls under way finished; none started after the throw
    assertThat(started).isEqualTo(Set.of(0, 1, 2, 3));
    assertThat(finished).isEqualTo(Set.of(1, 2, 3));
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new StorageCalls(0, "test")).hasMessageContaining("gc.storage-concurrency")
        .hasMessageContaining("0");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
