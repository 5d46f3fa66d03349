package org.djgc.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ObjectKey#ancestorsBelow}: the directories pruning may remove, never the boundary or above. */
class ObjectKeyTest {

  @Test
  void ancestorsBelowAreTheDirectoriesStrictlyBelowTheBoundaryDeepestFirst() {
    ObjectKey key = ObjectKey.of("_schema/lab/t/id=1/f_abc.dat");

    assertThat(key.ancestorsBelow(ObjectKey.of("_schema/lab")))
        .containsExactly(ObjectKey.of("_schema/lab/t/id=1"), ObjectKey.of("_schema/lab/t"));
    assertThat(key.ancestorsBelow(ObjectKey.ROOT)).containsExactly(ObjectKey.of("_schema/lab/t/id=1"),
        ObjectKey.of("_schema/lab/t"), ObjectKey.of("_schema/lab"), ObjectKey.of("_schema"));
    assertThat(key.ancestorsBelow(ObjectKey.of("_schema/lab/t/id=1"))).isEmpty();
    assertThat(key.ancestorsBelow(ObjectKey.of("_hash/lab"))).isEmpty();
    assertThat(key.ancestorsBelow(ObjectKey.of("_schema/la"))).isEmpty();
  }
}
