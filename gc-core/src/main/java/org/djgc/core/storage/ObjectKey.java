package org.djgc.core.storage;

import java.util.Objects;

/**
 * A path relative to a store's root, in DataJoint's form ({@code _hash/lab/ab/cd/abcd...}). Keys
 * are canonical by construction: no leading or trailing slash, no empty, {@code .} or {@code ..}
 * segment, no backslash and no NUL. A key therefore can never name anything outside its store's
 * root, which is how every {@link ObjectStore} call is confined before any I/O happens.
 *
 * <p>{@link #ROOT} (the empty key) names the root itself and is only valid as a listing prefix.
 */
public final class ObjectKey implements Comparable<ObjectKey> {
  /** The store root. */
  public static final ObjectKey ROOT = new ObjectKey("");

  private final String path;

  private ObjectKey(String path) {
    this.path = path;
  }

  /**
   * Parses a relative path.
   *
   * @throws IllegalArgumentException naming the path when it is empty or not canonical
   */
  public static ObjectKey of(String path) {
    String problem = problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("Invalid object path '" + path + "': " + problem);
    }
    return new ObjectKey(path);
  }

  /** Why a path is not a canonical relative key, or null when it is one. */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "empty path";
    }
    if (path.startsWith("/")) {
      return "absolute path";
    }
    if (path.endsWith("/")) {
      return "trailing slash";
    }
    if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return "backslash or NUL character";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        return "empty segment";
      }
      if (segment.equals("..")) {
        return "'..' segment escapes its section";
      }
      if (segment.equals(".")) {
        return "'.' segment";
      }
    }
    return null;
  }

  /** This key followed by a relative path. */
  public ObjectKey resolve(String relative) {
    return of(path.isEmpty() ? relative : path + "/" + relative);
  }

  /** Whether this key lies strictly below {@code directory}. */
  public boolean isUnder(ObjectKey directory) {
    return directory.path.isEmpty() || path.startsWith(directory.path + "/");
  }

  /**
   * The directories that contain this key and lie strictly below {@code boundary}, deepest first;
   * empty when this key is not under the boundary.
   */
  public java.util.List<ObjectKey> ancestorsBelow(ObjectKey boundary) {
    java.util.List<ObjectKey> ancestors = new java.util.ArrayList<>();
    if (!isUnder(boundary)) {
      return ancestors;
    }
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      ObjectKey directory = new ObjectKey(path.substring(0, slash));
      if (directory.equals(boundary) || !directory.isUnder(boundary)) {
        break;
      }
      ancestors.add(directory);
    }
    return ancestors;
  }

  /** The last segment. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  public boolean isRoot() {
    return path.isEmpty();
  }

  public String path() {
    return path;
  }

  @Override
  public int compareTo(ObjectKey other) {
    return path.compareTo(other.path);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObjectKey key && key.path.equals(path);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(path);
  }

  @Override
  public String toString() {
    return path;
  }
}
