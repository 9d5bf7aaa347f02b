/**
 * The gateway's durable state: devices, their keys by epoch and state, group keys, and the
 * transactional outbox of ledger events. {@link io.dynakey.gateway.store.DeviceKeyStore} is the
 * contract; {@link io.dynakey.gateway.store.SqliteDeviceKeyStore} the default implementation.
 * Nothing here imports Californium. Keys are wrapped at rest by {@link io.dynakey.gateway.store.KeyWrapper}.
 */
package io.dynakey.gateway.store;
