/**
 * Reference discovery: which storage columns exist (from DataJoint's column comments), how their
 * codecs are classified, and how a {@code (path, store)} is read from a raw JSON value. Invariant:
 * anything that cannot be vouched for (an undeclared codec, an unreadable value, an unreadable
 * table) becomes a {@link org.djgc.core.reference.Finding} that blocks destructive steps; nothing
 * is skipped silently.
 */
package org.djgc.core.reference;
