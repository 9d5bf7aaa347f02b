/**
 * The tiny-model file format: reader (device, bounded and allocation-free on the hot path), writer (host), quantization maths. Compiled for Java 7 (MicroEJ).
 */
package io.dynakey.models;
