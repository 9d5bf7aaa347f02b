/** The evaluation report: PNG plots (XChart), an HTML page that shows them, and {@code metrics.json}. */
package io.dynakey.trainer.report;
