package org.djgc.batch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A metadata URL named in a message never carries the credentials a URL may hold. */
class MetadataUrlForMessagesTest {
  @Test
  void userInformationAndQueryAreLeftOut() {
    assertThat(DataJointConfiguration.withoutQuery("jdbc:mysql://gc:S3cret@db.lab:3306/datajoint_gc?password=S3cret"))
        .isEqualTo("jdbc:mysql://db.lab:3306/datajoint_gc");
    assertThat(DataJointConfiguration.withoutQuery("jdbc:postgresql://db.lab/pipeline?currentSchema=gc&password=x"))
        .isEqualTo("jdbc:postgresql://db.lab/pipeline");
    assertThat(DataJointConfiguration.withoutQuery("jdbc:mysql://db.lab/gc")).isEqualTo("jdbc:mysql://db.lab/gc");
  }
}
