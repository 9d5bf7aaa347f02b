/**
 * {@code dynakey bench gateway}: the gateway under load on loopback, against a bare Californium
 * DTLS-PSK echo server and against the crypto-only limit, all measured in one run. The servers
 * run in child JVMs so that their CPU time and heap are measured apart from the simulated devices.
 */
package io.dynakey.bench.gateway;
