/**
 * Board profiles and budgets, and the host HAL (a simulated board) with its Scandium transport.
 * The fleet simulator that drives many such boards lives in the {@code fleet} module.
 */
package io.dynakey.hardware;
