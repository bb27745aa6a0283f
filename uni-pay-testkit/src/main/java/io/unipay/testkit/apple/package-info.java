/**
 * An offline App Store simulator: a local CA chain with Apple's OIDs, StoreKit 2 signed
 * transactions, signed Notifications V2 posted over HTTP, and deliberately bad material (wrong
 * OIDs, foreign leaf, expired leaf, untrusted root, wrong alg, tampered payload) for negative tests.
 */
package io.unipay.testkit.apple;
