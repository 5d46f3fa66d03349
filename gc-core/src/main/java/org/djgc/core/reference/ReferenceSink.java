package org.djgc.core.reference;

/** Receives what reference discovery finds, in no particular order. */
public interface ReferenceSink {
  /** A reference that passed the store filter. */
  void reference(Reference reference);

  /** A problem that blocks destructive steps. */
  void finding(Finding finding);
}
