package org.djgc.batch.interleaving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.djgc.batch.support.DjConfigFile;

/** A {@code file} store in a directory; writes set the file's modification time to the writer's (simulated) time. */
final class LocalChainStore implements ChainStore {
  private final Path root;

  LocalChainStore(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(String path, byte[] content, Instant modified) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      Files.setLastModifiedTime(file, FileTime.from(modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<byte[]> read(String path) {
    try {
      Path file = root.resolve(path);
      return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
          .filter(p -> p.startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(String path) {
    try {
      Files.deleteIfExists(root.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public DjConfigFile configure(DjConfigFile config, String name) {
    return config.fileStore(name, root, Map.of());
  }

  @Override
  public boolean keepsWriterTimes() {
    return true;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public Path describeRoot() {
    return root;
  }

  @Override
  public void close() {}
}
