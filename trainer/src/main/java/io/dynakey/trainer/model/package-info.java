/**
 * Tribuo training on raw integer feature values: CART trees and random forests for the binary
 * (benign / attack) and multi-class tasks, and the size-aware search for the best model that
 * fits a board's byte budget.
 */
package io.dynakey.trainer.model;
