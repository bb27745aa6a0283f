package io.unipay.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Reads a bill file line by line as its bytes arrive: {@code \n} ends a line, a {@code \r} before
 * it is dropped, a UTF-8 byte order mark before the first line of a UTF-8 file is dropped. A line
 * longer than
 * {@link #MAX_LINE_BYTES} or not valid in the charset is refused, so a hostile file can neither
 * exhaust memory nor smuggle undecodable bytes. Not thread-safe.
 */
public final class BillLines {
  /** The longest line accepted, in bytes (a provider's bill line is a few hundred). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  /** Why a line was refused. */
  public static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message, null, false, false);
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final boolean utf8;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[512];
  private long number;
  private boolean eof;

  public BillLines(InputStream in, Charset charset) {
    this.in = in;
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The number of the line {@link #next()} returned last (1-based; 0 before the first). */
  public long number() {
    return number;
  }

  /**
   * The next line without its line end, or null at the end of the file.
   *
   * @throws BadLine when the line is too long or not valid text
   * @throws IOException when the stream cannot be read
   */
  public String next() throws IOException, BadLine {
    if (eof) return null;
    int length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          eof = true;
          if (length == 0) return null;
          return decode(length);
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') position++;
      int chunk = position - start;
      if (length + chunk > MAX_LINE_BYTES) {
        throw new BadLine("line " + (number + 1) + " is longer than " + MAX_LINE_BYTES + " bytes");
      }
      if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + chunk)));
      }
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (position < limit) {
        position++; // the '\n'
        return decode(length);
      }
    }
  }

  private String decode(int length) throws BadLine {
    number++;
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    int start = 0;
    if (utf8 && number == 1 && end >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
        && (line[2] & 0xff) == 0xbf) {
      start = 3; // UTF-8 byte order mark
    }
    try {
      return decoder.reset().decode(ByteBuffer.wrap(line, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      throw new BadLine("line " + number + " is not valid " + decoder.charset().name() + " text");
    }
  }
}
