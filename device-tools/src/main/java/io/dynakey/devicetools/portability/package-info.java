/**
 * The portability check: ASM over compiled device classes against the MicroEJ EDC discipline
 * (class version, no invokedynamic, no interface code, no primitive class literals, at most 31
 * reference fields, allow-listed JDK API), with justified exemptions kept in the allow-list file.
 */
package io.dynakey.devicetools.portability;
