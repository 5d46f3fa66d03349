package org.djgc.core.partition;

import org.djgc.core.storage.LookAheadListing;
import org.djgc.core.storage.ObjectKey;
import org.djgc.core.storage.ObjectListing;
import org.djgc.core.storage.ObjectStore;
import org.djgc.core.storage.StorageException;
import org.djgc.core.storage.StoredObject;

/**
 * The files below one directory in one {@link KeyRange}. It starts the backend's listing just
 * before the range and stops at the first key past it, so ranges listed side by side read each key
 * about once. That early start and stop need a backend that lists in key order by first character,
 * as local and Hadoop stores always do and S3 does; a listing seen going back to an earlier first
 * character throws a {@link StorageException} (a scan error: the run refuses to act on it). A key
 * a misordered listing never returns is simply not listed: never a candidate, never deleted.
 */
public final class RangeListing extends LookAheadListing {
  private final ObjectListing listing;
  private final ObjectKey directory;
  private final KeyRange range;
  private final int prefixLength;
  private char lastFirst;
  private boolean inRange;
  private boolean done;

  private RangeListing(ObjectListing listing, ObjectKey directory, KeyRange range) {
    this.listing = listing;
    this.directory = directory;
    this.range = range;
    this.prefixLength = directory.path().isEmpty() ? 0 : directory.path().length() + 1;
  }

  /** Lists the files strictly below {@code directory} whose relative path lies in {@code range}. */
  public static ObjectListing open(ObjectStore store, ObjectKey directory, KeyRange range) {
    if (range.isAll()) {
      return store.list(directory, java.util.Optional.empty());
    }
    return new RangeListing(store.list(directory, range.startAfter(directory)), directory, range);
  }

  @Override
  protected StoredObject computeNext() {
    while (!done) {
      if (!listing.hasNext()) {
        done = true;
        break;
      }
      StoredObject candidate = listing.next();
      String relative = candidate.key().path().substring(prefixLength);
      int position = range.position(relative);
      char first = relative.isEmpty() ? 0 : relative.charAt(0);
      if (inRange && first < lastFirst) {
        throw new StorageException("the listing of " + directory + "/ returned '" + candidate.key()
            + "' after a key starting with '" + lastFirst + "': not in key order, so it cannot be listed in"
            + " partitions (set gc.partitions=1 for this store)");
      }
      if (position > 0) {
        done = true;
      } else if (position == 0) {
        inRange = true;
        lastFirst = first;
        return candidate;
      }
    }
    return null;
  }

  @Override
  protected String describeListed() {
    return directory + "/ in " + range;
  }

  @Override
  protected void release() {
    listing.close();
  }
}
