package org.djgc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar carries a CycloneDX SBOM (issue 13), named by its manifest, that lists every
 * library the jar ships, at the version it ships: an SBOM that misses one is worse than none.
 */
class PackagedJarSbomIT {
  @Test
  void theJarsSbomNamesEveryLibraryItShipsAtItsVersion() throws Exception {
    try (JarFile jar = new JarFile(GcJar.jar().toFile())) {
      // given: the SBOM the manifest names
      String location = jar.getManifest().getMainAttributes().getValue("Sbom-Location");
      assertThat(location).isEqualTo("META-INF/sbom/application.cdx.json");
      assertThat(jar.getManifest().getMainAttributes().getValue("Sbom-Format")).isEqualTo("CycloneDX");
      JsonNode sbom;
      try (var in = jar.getInputStream(jar.getEntry(location))) {
        sbom = new ObjectMapper().readTree(in);
      }
      assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
      assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("gc-batch");
      Set<String> components = new HashSet<>();
      sbom.get("components").forEach(c -> components.add(c.get("name").asText() + "-" + c.get("version").asText()));

      // when: the libraries inside the jar
      Set<String> shipped = new TreeSet<>();
      jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/") && n.endsWith(".jar"))
          .map(n -> n.substring("BOOT-INF/lib/".length(), n.length() - ".jar".length())).forEach(shipped::add);

      // then: each is a component (name-version; a classifier may follow the version), but for
      // Boot's jar-mode tools, which the repackaging adds beside its launcher (scripts/dj-gc uses them)
      shipped.removeIf(library -> library.startsWith("spring-boot-jarmode-tools-"));
      assertThat(shipped).hasSizeGreaterThan(50);
      assertThat(shipped).allSatisfy(library -> assertThat(components.stream()
          .anyMatch(c -> library.equals(c) || library.startsWith(c + "-"))).as(library).isTrue());
      assertThat(components).anyMatch(c -> c.startsWith("spring-batch-core-"));
    }
  }
}
