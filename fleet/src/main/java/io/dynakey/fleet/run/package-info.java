/**
 * One fleet run wired to the real components: its settings, its inputs (traffic and model from the
 * trainer, or the shipped model and traffic profile), the real gateway over DTLS on loopback with
 * its journal ledger (or the in-process stand-in), and the ledger check afterwards. The CLI's
 * {@code fleet} and {@code demo} commands only parse options into {@link io.dynakey.fleet.run.FleetSettings}
 * and print.
 */
package io.dynakey.fleet.run;
