/**
 * Hardware abstraction layer: everything the device runtime needs from the board. The host
 * implementation lives in the {@code hardware} module; on a MicroEJ board each interface maps to
 * static native methods (SNI), so only primitives and primitive arrays cross these interfaces.
 */
package io.dynakey.device.hal;
