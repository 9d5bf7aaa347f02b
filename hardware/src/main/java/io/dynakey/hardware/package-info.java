/**
 * Board profiles and budgets, the host HAL (a simulated board) and the fleet simulator.
 */
package io.dynakey.hardware;
