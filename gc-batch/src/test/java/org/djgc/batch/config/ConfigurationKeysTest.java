package org.djgc.batch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * The README's settings table and docs/application.yml cannot drift from {@link GcProperties}:
 * every key the class binds is documented, and the sample binds with its values.
 */
class ConfigurationKeysTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Every leaf key of a properties record, in kebab case ({@code gc.metadata.database}). */
  static List<String> keys(String prefix, Class<?> type) {
    return org.djgc.batch.cli.SettingsCheck.keys(prefix, type);
  }

  @Test
  void everyBoundKeyIsInTheReadmeTable() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> keys = keys("gc", GcProperties.class).stream().filter(k -> !k.startsWith("gc.testing")).toList();
    assertThat(keys).hasSizeGreaterThan(10);
    for (String key : keys) {
      assertThat(readme).as("README.md documents %s", key).contains("`" + key);
    }
  }

  @Test
  void theSampleApplicationYmlBindsWithItsValues() throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    for (PropertySource<?> source : new YamlPropertySourceLoader().load("sample",
        new FileSystemResource(ROOT.resolve("docs/application.yml")))) {
      environment.getPropertySources().addFirst(source);
    }
    GcProperties properties = Binder.get(environment).bind("gc", GcProperties.class).get();
    assertThat(properties.codecs()).containsEntry("peertext", "schema");
    assertThat(properties.graceSeconds()).isEqualTo(604800);
    assertThat(properties.workDir()).isEqualTo(Path.of("/var/tmp/dj-gc"));
    assertThat(properties.metadata().database()).isEqualTo("datajoint_gc");
    for (String key : keys("gc", GcProperties.class)) {
      String leaf = key.replace("gc.", "").replace(".<", "");
      if (!key.startsWith("gc.testing") && !leaf.startsWith("metadata.") && !leaf.startsWith("hadoop")) {
        assertThat(Files.readString(ROOT.resolve("docs/application.yml"))).as("sample shows %s", key)
            .contains(leaf.substring(leaf.lastIndexOf('.') + 1) + ":");
      }
    }
  }
}
