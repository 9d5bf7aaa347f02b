/**
 * Exact export of Tribuo trees and forests to the tiny-model file format: per-feature quantizer
 * choice, thresholds that keep every observed value on its side, leaf classes in Tribuo's
 * output-id order, and the measured agreement between Tribuo and the device's evaluation.
 */
package io.dynakey.trainer.export;
