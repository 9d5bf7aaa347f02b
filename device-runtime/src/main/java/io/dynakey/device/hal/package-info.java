/**
 * Hardware abstraction layer: everything the device runtime needs from the board. The host
 * implementation lives in the {@code hardware} module; on a MicroEJ board each interface maps to
 * static native methods (SNI), so only primitives and primitive arrays cross these interfaces.
 * {@link io.dynakey.device.hal.MemorySecureStorage} is the one in-memory storage, for tests and
 * simulated fleets.
 */
package io.dynakey.device.hal;
