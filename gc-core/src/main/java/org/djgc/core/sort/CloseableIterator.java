package org.djgc.core.sort;

import java.util.Iterator;

/** An iterator over records backed by files; close it to release them. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  @Override
  void close();
}
