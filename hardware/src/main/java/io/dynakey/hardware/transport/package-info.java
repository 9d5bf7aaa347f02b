/**
 * The host {@link io.dynakey.device.hal.Transport}: CoAP over DTLS 1.2 PSK with Californium's
 * client and Scandium, so that simulated devices (tests, the fleet simulator, benchmarks) talk to
 * a real gateway. Start with {@link io.dynakey.hardware.transport.DtlsClients}, which shares
 * threads between many devices, and take one {@link io.dynakey.hardware.transport.DtlsTransport}
 * per device.
 */
package io.dynakey.hardware.transport;
