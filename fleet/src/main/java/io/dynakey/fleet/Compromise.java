package io.dynakey.fleet;

/**
 * One injected compromise: at {@code atMillis} (virtual time since the start of the run) an
 * attacker obtains device {@code device}'s current key, and the device's traffic turns to attack
 * rows of class {@code attackType} until the stolen key stops working.
 */
public record Compromise(int device, long atMillis, int attackType) {
}
