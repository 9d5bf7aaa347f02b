/**
 * The operator's console of a running gateway: an embedded HTTP server (Javalin on Jetty) on
 * loopback with a JSON API, server-rendered pages on top of it, operator actions (revoke, group
 * rekey) guarded by the operator token and a same-origin check, and a Prometheus endpoint. It reads
 * the gateway only through its library API ({@link io.dynakey.gateway.Gateway}).
 */
package io.dynakey.console;
