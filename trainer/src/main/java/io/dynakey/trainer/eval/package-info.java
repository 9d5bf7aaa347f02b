/** Classification metrics computed from predictions: confusion matrix, precision, recall, F1, ROC and PR curves. */
package io.dynakey.trainer.eval;
