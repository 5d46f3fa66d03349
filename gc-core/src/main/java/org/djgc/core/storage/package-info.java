/**
 * The storage port ({@link org.djgc.core.storage.ObjectStore}) and its values. Invariants: every
 * call is confined to the store root by {@link org.djgc.core.storage.ObjectKey}'s canonical form;
 * listings fail rather than end early; moves never overwrite; deletes report per object.
 */
package org.djgc.core.storage;
