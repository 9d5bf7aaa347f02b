/**
 * The on-device decision loop: telemetry into feature windows, features into the model, the
 * model's risk into the rotation governor, once per sample period, allocation-free.
 */
package io.dynakey.device.engine;
