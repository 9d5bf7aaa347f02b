/**
 * The gateway's configuration: typed, documented settings ({@link io.dynakey.gateway.config.Setting})
 * gathered in one holder ({@link io.dynakey.gateway.config.GatewaySettings}) and read from a
 * properties file into an immutable {@link io.dynakey.gateway.config.GatewayConfig}.
 */
package io.dynakey.gateway.config;
