package org.djgc.core.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a store <i>is</i>, independent of how a configuration spells it (spec §8.2, §6.3). Two
 * parts, with opposite failure modes, so each is used where its failure is harmless:
 *
 * <ul>
 *   <li>{@link #place()}: where the store lives, canonically spelled ({@code file:<real path>},
 *       {@code s3://<bucket>/<location> at <host[:port]>}, a normalised Hadoop URI). It may merge
 *       two places (e.g. one directory path on two hosts) but never splits one place reached through
 *       different spellings. It names the <b>store lock</b>: merging only serialises runs.
 *   <li>{@link #canonical()}: the place plus what tells two places with one spelling apart (a
 *       local file system's device id). It keys the <b>ledger rows</b> ({@link #id()}): runs of
 *       one identity never see another's rows. It may split one place (a device id changes after a
 *       remount); rows of the same {@link #placeId()} whose trash copy exists are adopted then.
 *   <li>{@link #objectPlace()}, optional: a second spelling-free name of the place that a path
 *       cannot give, for a local directory its device and inode, so a bind mount of the directory
 *       at another path takes the same lock. It names a second store lock.
 * </ul>
 *
 * <p>Neither part contains credentials.
 *
 * @param place the spelling-independent location, for the lock
 * @param canonical {@code place} plus distinguishing detail, for the ledger rows
 * @param objectPlace another name of the place for a second lock, or null
 */
public record StoreIdentity(String place, String canonical, String objectPlace) {
  public StoreIdentity {
    Objects.requireNonNull(place, "place is null");
    Objects.requireNonNull(canonical, "canonical is null");
  }

  /** An identity without an object place. */
  public StoreIdentity(String place, String canonical) {
    this(place, canonical, null);
  }

  /** An identity with nothing beyond its place. */
  public static StoreIdentity of(String place) {
    return new StoreIdentity(place, place, null);
  }

  /** Every store lock a destructive run takes: {@link #lockName()}, then the object place's, if any. */
  public java.util.List<String> lockNames() {
    return objectPlace == null ? java.util.List.of(lockName())
        : java.util.List.of(lockName(), "djgc-store-" + sha40(objectPlace));
  }

  /** The ledger key: the first 40 hex characters of the SHA-256 of {@link #canonical()}. */
  public String id() {
    return sha40(canonical);
  }

  /** The first 40 hex characters of the SHA-256 of {@link #place()}. */
  public String placeId() {
    return sha40(place);
  }

  /** The name of the store lock: {@code djgc-store-} + {@link #placeId()} (51 characters). */
  public String lockName() {
    return "djgc-store-" + placeId();
  }

  @Override
  public String toString() {
    return canonical + " (" + id() + ")";
  }

  private static String sha40(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
