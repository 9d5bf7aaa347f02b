/**
 * The key service's request handlers, free of any transport: each takes the authenticated
 * {@link io.dynakey.gateway.service.Caller} and the request payload and returns a
 * {@link io.dynakey.gateway.service.Reply} with a CoAP-style code. The Californium adapter in
 * {@code io.dynakey.gateway.server} maps them onto resources; a second transport could reuse them.
 */
package io.dynakey.gateway.service;
