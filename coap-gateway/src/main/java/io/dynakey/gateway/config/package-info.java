/**
 * The gateway's configuration: typed, documented settings ({@link io.dynakey.gateway.config.Setting}
 * and one subclass per value type, a {@link io.dynakey.gateway.config.DurationSetting} carrying its
 * unit) gathered in one holder ({@link io.dynakey.gateway.config.GatewaySettings}) and read from a
 * properties file into an immutable {@link io.dynakey.gateway.config.GatewayConfig}. Self-made, with
 * no Californium types: the server adapter maps the settings onto Californium's configuration.
 */
package io.dynakey.gateway.config;
