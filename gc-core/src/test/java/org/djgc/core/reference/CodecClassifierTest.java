package org.djgc.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.djgc.core.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract §2.3/§2.5: classifying a parsed codec. */
class CodecClassifierTest {
  private final CodecClassifier builtIn = CodecClassifier.withCustomCodecs(Map.of());

  private static CodecSpec parse(String comment) {
    return CodecSpec.fromComment(comment).orElseThrow();
  }

  @CsvSource({
      ":<hash@local>:, HASH",
      ":<hash@>:, HASH",
      ":<blob@local>:, HASH",
      ":<blob@>:, HASH",
      ":<attach@share>:, HASH",
      ":<attach@>:, HASH",
      ":<blob>:, NOT_COLLECTED",
      ":<attach>:, NOT_COLLECTED",
      ":<object@local>:, SCHEMA",
      ":<object@>:, SCHEMA",
      ":<npy@repo-s3>:, SCHEMA",
      ":<filepath@repo>:, FILEPATH",
      ":<filepath>:, FILEPATH"})
  @ParameterizedTest
  void classifiesBuiltInCodecsAsTheContractTableDoes(String comment, CodecKind expected) {
    // when
    CodecKind kind = builtIn.classify(parse(comment));

    // then
    assertThat(kind).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {":<hash>:", ":<object>:", ":<npy>:"})
  void storeLessCodecsThatDataJointCannotDeclareAreUndeclared(String comment) {
    // given
    CodecSpec codec = parse(comment);

    // when
    CodecKind kind = builtIn.classify(codec);

    // then
    assertThat(kind).isEqualTo(CodecKind.UNDECLARED);
    assertThat(builtIn.explainUndeclared(codec)).contains(codec.declaration()).contains("needs a store");
  }

  @Test
  void undeclaredCustomCodecIsUndeclaredAndTheExplanationSaysHowToDeclareIt() {
    // given
    CodecSpec codec = parse(":<graph@main>:");

    // when
    CodecKind kind = builtIn.classify(codec);

    // then
    assertThat(kind).isEqualTo(CodecKind.UNDECLARED);
    assertThat(builtIn.explainUndeclared(codec)).contains("<graph@main>").contains("gc.codecs.graph=hash|schema|ignore");
  }

  @Test
  void declaredCustomCodecsAreClassifiedAsDeclared() {
    // given
    Map<String, String> declarations = new LinkedHashMap<>();
    declarations.put("graph", "hash");
    declarations.put("gc_custom_object", " Schema ");
    declarations.put("thumbnail", "ignore");
    declarations.put("preview", "IGNORED");
    CodecClassifier classifier = CodecClassifier.withCustomCodecs(declarations);

    // when / then
    assertThat(classifier.classify(parse(":<graph@main>:"))).isEqualTo(CodecKind.HASH);
    assertThat(classifier.classify(parse(":<gc_custom_object@local>:"))).isEqualTo(CodecKind.SCHEMA);
    assertThat(classifier.classify(parse(":<thumbnail@local>:"))).isEqualTo(CodecKind.NOT_COLLECTED);
    assertThat(classifier.classify(parse(":<preview@local>:"))).isEqualTo(CodecKind.NOT_COLLECTED);
    assertThat(classifier.classify(parse(":<other@local>:"))).isEqualTo(CodecKind.UNDECLARED);
    assertThat(classifier.classify(parse(":<blob@local>:"))).isEqualTo(CodecKind.HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"blob", "attach", "hash", "object", "npy", "filepath"})
  void declaringABuiltInCodecIsAConfigurationError(String name) {
    // when / then
    assertThatThrownBy(() -> CodecClassifier.withCustomCodecs(Map.of(name, "schema")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.codecs." + name)
        .hasMessageContaining("built-in");
  }

  @Test
  void declaringAnUnknownKindIsAConfigurationError() {
    // when / then
    assertThatThrownBy(() -> CodecClassifier.withCustomCodecs(Map.of("graph", "both")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gc.codecs.graph")
        .hasMessageContaining("'both'");
  }
}
