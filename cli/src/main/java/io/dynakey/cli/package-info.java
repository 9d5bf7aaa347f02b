/**
 * The thin {@code dynakey} command line over the module libraries.
 */
package io.dynakey.cli;
