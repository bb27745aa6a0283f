package io.unipay.core.internal;

import io.unipay.core.ErrorCode;
import io.unipay.core.UniPayException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a bill download as it arrives from the network: an I/O failure (reset, timeout, a
 * body shorter than announced) becomes {@code PROVIDER_UNAVAILABLE}, so it is told apart from a
 * file that arrived whole but does not parse ({@code BILL_MALFORMED}).
 */
public final class TransportGuard extends FilterInputStream {
  private final String what;
  private long bytes;

  public TransportGuard(InputStream in, String what) {
    super(in);
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b >= 0) bytes++;
      return b;
    } catch (IOException e) {
      throw broken(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = super.read(b, off, len);
      if (n > 0) bytes += n;
      return n;
    } catch (IOException e) {
      throw broken(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw broken(e);
    }
  }

  @Override
  public void close() {
    try {
      super.close();
    } catch (IOException | RuntimeException e) {
      // the download is given up either way
    }
  }

  private UniPayException broken(IOException e) {
    return new UniPayException(
        ErrorCode.PROVIDER_UNAVAILABLE,
        what
            + ": the download broke off after "
            + bytes
            + " bytes ("
            + e.getClass().getSimpleName()
            + "); the rows read so far are not confirmed: open the bill again",
        e);
  }
}
