/**
 * Board profiles of real MicroEJ-class boards (flash, RAM, Java heap, each with its datasheet
 * source) and the check of the device image, the model and the runtime's RAM state against them.
 */
package io.dynakey.hardware.board;
