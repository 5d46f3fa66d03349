package org.djgc.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract §2.2: how DataJoint's heading reads a codec back from a column comment. */
class CodecSpecTest {

  @Test
  void parsesCodecAndStoreBeforeAUserComment() {
    // given the comment as MySQL stores it for `a : <blob@local>  # a "quoted" comment`
    String comment = ":<blob@local>:a \"quoted\" comment";

    // when
    Optional<CodecSpec> codec = CodecSpec.fromComment(comment);

    // then
    assertThat(codec).contains(new CodecSpec("blob", "local"));
    assertThat(codec.get().hasStore()).isTrue();
  }

  @Test
  void codecWithoutAtHasNoStore() {
    // when
    Optional<CodecSpec> codec = CodecSpec.fromComment(":<blob>:");

    // then
    assertThat(codec).contains(new CodecSpec("blob", null));
    assertThat(codec.get().hasStore()).isFalse();
    assertThat(codec.get().declaration()).isEqualTo("<blob>");
  }

  @Test
  void codecWithEmptyStoreNamesTheDefaultStoreAsEmptyString() {
    // when
    Optional<CodecSpec> codec = CodecSpec.fromComment(":<blob@>:");

    // then
    assertThat(codec).contains(new CodecSpec("blob", ""));
    assertThat(codec.get().hasStore()).isTrue();
    assertThat(codec.get().declaration()).isEqualTo("<blob@>");
  }

  @Test
  void blanksAroundCodecAndStoreAreStripped() {
    // when
    Optional<CodecSpec> codec = CodecSpec.fromComment(":< blob @ cold >:");

    // then
    assertThat(codec).contains(new CodecSpec("blob", "cold"));
    assertThat(codec.get().declaration()).isEqualTo("<blob@cold>");
  }

  @CsvSource(delimiter = '|', value = {
      ":<attach@share>:|attach|share",
      ":<hash@local>:|hash|local",
      ":<object@local>:|object|local",
      ":<npy@repo-s3>:|npy|repo-s3",
      ":<filepath@repo>:|filepath|repo",
      ":<gc_custom_object@local>:a comment|gc_custom_object|local",
      ":<blob@a@b>:|blob|a@b",
      ":<blob@local>:time is 5:00|blob|local"})
  @ParameterizedTest
  void parsesTheContractsDeclaredColumns(String comment, String name, String store) {
    // when
    Optional<CodecSpec> codec = CodecSpec.fromComment(comment);

    // then
    assertThat(codec).contains(new CodecSpec(name, store));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ":int32:",
      ":uuid:",
      ":varchar(64):a user comment",
      "a plain comment",
      "note :<blob@x>: later",
      "::",
      ":<>:",
      ":blob@store:legacy 0.x comment",
      ":<blob@local>"})
  void commentsWithoutACodecGiveNothing(String comment) {
    // when / then
    assertThat(CodecSpec.fromComment(comment)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingCommentGivesNothing(String comment) {
    // when / then
    assertThat(CodecSpec.fromComment(comment)).isEmpty();
  }
}
