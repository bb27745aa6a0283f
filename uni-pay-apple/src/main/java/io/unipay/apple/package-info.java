/**
 * Apple App Store in-app purchases for the uni-pay engine: {@link io.unipay.apple.AppleIapClient}
 * verifies every StoreKit 2 signed transaction and App Store Server Notification V2 (x5c chain to
 * a configured Apple root, Apple OIDs, ES256) before the engine settles anything.
 */
package io.unipay.apple;
