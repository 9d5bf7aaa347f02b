/**
 * The Californium/Scandium adapter: the DTLS 1.2 PSK endpoint, the PSK store backed by the key
 * store, the deliverer that turns a DTLS identity into a {@link io.dynakey.gateway.service.Caller},
 * and one CoAP resource per service. The only package of the gateway that imports Californium.
 */
package io.dynakey.gateway.server;
