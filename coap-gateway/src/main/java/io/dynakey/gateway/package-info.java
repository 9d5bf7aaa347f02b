/**
 * The CoAP/DTLS key service: enrolment, rotation, group keys, model download, telemetry, revocation.
 */
package io.dynakey.gateway;
