/**
 * What dj-gc needs to know about the database a JDBC connection talks to, shared by the ports that
 * speak SQL (discovery, locks): which product it is.
 */
package org.djgc.core.jdbc;
