/**
 * Training with Tribuo: data loading through a schema, CART and forests, exact quantized export, report, device groups, model signing.
 */
package io.dynakey.trainer;
