/**
 * The gateway's durable state: devices, their keys by epoch and state, group keys, and the
 * transactional outbox of ledger events. {@link io.dynakey.gateway.store.DeviceKeyStore} is the
 * contract; {@link io.dynakey.gateway.store.SqliteDeviceKeyStore} the default implementation for one
 * gateway, {@link io.dynakey.gateway.store.PostgresDeviceKeyStore} the one that several gateways share
 * (both over {@link io.dynakey.gateway.store.JdbcDeviceKeyStore}); {@link io.dynakey.gateway.store.ThrowawayPostgres}
 * starts a disposable PostgreSQL server for tests and trial runs.
 * Nothing here imports Californium. Keys are wrapped at rest by {@link io.dynakey.gateway.store.KeyWrapper}.
 */
package io.dynakey.gateway.store;
