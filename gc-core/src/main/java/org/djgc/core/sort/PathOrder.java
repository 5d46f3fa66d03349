package org.djgc.core.sort;

import java.util.Comparator;

/**
 * Orders paths segment by segment: {@code '/'} sorts before every other character. In this order a
 * directory's descendants follow it immediately and contiguously ({@code a/b}, {@code a/b/c},
 * {@code a/b/d}, {@code a/b-x}), which lets coverage by ancestor be decided in one merge pass.
 */
public final class PathOrder implements Comparator<String> {
  public static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x == '/') {
          return -1;
        }
        if (y == '/') {
          return 1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
