/**
 * Build-time tools for the device modules: the MicroEJ portability check, the device image size (ProGuard) and the device benchmarks.
 */
package io.dynakey.devicetools;
