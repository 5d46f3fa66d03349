package org.djgc.core.work;

import java.nio.file.Files;
import java.nio.file.Path;

class DirectoryWorkAreaTest extends AbstractWorkAreaContractTest {
  private Path root;

  @Override
  WorkArea createEmpty() {
    root = temp.resolve("work-area");
    return new DirectoryWorkArea(root);
  }

  @Override
  void leaveHalfWritten(long execution, String name) throws Exception {
    Path directory = Files.createDirectories(root.resolve("execution-" + execution));
    Files.writeString(directory.resolve(name + ".partial"), "half");
  }
}
