/** Host-side measurements of the device decision engine (feature windows, rotation governor). */
package io.dynakey.devicetools.engine;
