/**
 * Ed25519 model signing: key generation and storage (private key file readable by its owner
 * only, never logged), signing of exported model files, and verification as the device does it.
 */
package io.dynakey.trainer.sign;
