/**
 * The device image: the device modules plus the Bouncy Castle classes they reach, shrunk by
 * ProGuard and measured in bytes, for the benchmark and the board budgets.
 */
package io.dynakey.devicetools.image;
