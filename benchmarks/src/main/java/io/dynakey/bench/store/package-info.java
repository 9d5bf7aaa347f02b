/**
 * Key-store throughput: rotations per second on SQLite and on PostgreSQL (one node, and several
 * nodes sharing one database), measured in the same run ({@code dynakey bench store}).
 */
package io.dynakey.bench.store;
