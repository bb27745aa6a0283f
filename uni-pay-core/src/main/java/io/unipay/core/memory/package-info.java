/** An in-memory {@link io.unipay.core.spi.OrderRepository} for tests and demos. */
package io.unipay.core.memory;
