package org.djgc.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import org.djgc.core.storage.ObjectKey;
import org.junit.jupiter.api.Test;

class TrashLayoutTest {
  private final TrashLayout trash = new TrashLayout("_trash2");

  @Test
  void aTrashPathUnderThePrefixIsJudgedAndPrunedUpToItsRun() {
    assertThat(trash.contains("_trash2/20260101T000000Z-5/_hash/s/abc")).isTrue();
    assertThat(trash.runDirectory("_trash2/20260101T000000Z-5/_hash/s/abc"))
        .isEqualTo(ObjectKey.of("_trash2/20260101T000000Z-5"));
  }

  @Test
  void aTrashPathRecordedUnderAnotherPrefixKeepsItsOwnRunBoundary() {
    // recorded under _trash before gc.trash-prefix changed to _trash2 (a prefix of neither)
    assertThat(trash.contains("_trash/20260101T000000Z-5/_schema/s/t/f.dat")).isFalse();
    assertThat(trash.runDirectory("_trash/20260101T000000Z-5/_schema/s/t/f.dat"))
        .isEqualTo(ObjectKey.of("_trash/20260101T000000Z-5"));
    assertThat(new TrashLayout("_trash").contains("_trash2/20260101T000000Z-5/x")).isFalse();
    assertThat(new TrashLayout("deep/er/trash").runDirectory("t/20260101T000000Z-5/x"))
        .isEqualTo(ObjectKey.of("t/20260101T000000Z-5"));
  }

  @Test
  void aPathWithoutARunSegmentPrunesNothing() {
    assertThat(trash.runDirectory("elsewhere/a/b.dat")).isEqualTo(ObjectKey.of("elsewhere/a"));
    assertThat(ObjectKey.of("elsewhere/a/b.dat").ancestorsBelow(trash.runDirectory("elsewhere/a/b.dat"))).isEmpty();
  }
}
