/** Implementation details of the engine; not API, may change without notice. */
package io.unipay.core.internal;
