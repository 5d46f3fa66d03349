/**
 * DataJoint's store layout: content hashes, hash- and schema-section paths, and the sections GC
 * owns per schema. Invariant: GC lists and touches nothing outside a {@link
 * org.djgc.core.layout.Section} except its own trash prefix, which never overlaps a section.
 */
package org.djgc.core.layout;
