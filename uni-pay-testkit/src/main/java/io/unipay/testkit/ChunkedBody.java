package io.unipay.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.Buffer;
import okio.BufferedSink;

/**
 * A response body written while it is sent, in HTTP/1.1 chunks, never held whole in memory: the
 * simulators serve bills of a million lines this way. {@link #respond} builds the response with
 * {@code Transfer-Encoding: chunked}.
 */
public final class ChunkedBody implements MockResponseBody {
  /** Writes the body's bytes; called once, on the server's thread. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int CHUNK = 32 * 1024;

  private final Writer writer;

  private ChunkedBody(Writer writer) {
    this.writer = requireNonNull(writer, "writer == null");
  }

  /** A 200 response with this body and the given content type. */
  public static MockResponse respond(String contentType, Writer writer) {
    return new MockResponse.Builder()
        .code(200)
        .body(new ChunkedBody(writer))
        .removeHeader("Content-Length")
        .addHeader("Content-Type", contentType)
        .addHeader("Transfer-Encoding", "chunked")
        .build();
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    Buffer chunk = new Buffer();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            chunk.writeByte(b);
            if (chunk.size() >= CHUNK) emit(sink, chunk);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            chunk.write(b, off, len);
            if (chunk.size() >= CHUNK) emit(sink, chunk);
          }
        };
    writer.writeTo(out);
    if (chunk.size() > 0) emit(sink, chunk);
    // The last chunk; MockWebServer writes the (empty) trailers and the final CRLF.
    sink.writeUtf8("0\r\n");
    sink.flush();
  }

  private static void emit(BufferedSink sink, Buffer chunk) throws IOException {
    sink.writeHexadecimalUnsignedLong(chunk.size()).writeUtf8("\r\n");
    sink.write(chunk, chunk.size());
    sink.writeUtf8("\r\n");
  }
}
