/**
 * Run locks: one destructive run per store at a time, and proof that a killed execution's process
 * is gone. Invariant: locks live on database connections, so they die with their holder.
 */
package org.djgc.core.lock;
