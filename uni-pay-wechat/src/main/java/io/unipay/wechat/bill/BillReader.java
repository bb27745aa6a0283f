package io.unipay.wechat.bill;

import io.unipay.core.internal.BillLines;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The streaming skeleton of a WeChat Pay bill: header line, data lines, totals header, one totals
 * line, then only empty lines to the end of the stream; then the end check. A failure is kept: every
 * later {@link #nextRow()} throws it again. Not thread-safe.
 *
 * @param <R> the row type
 */
abstract class BillReader<R> {
  final BillText text;
  private final InputStream in;
  private final BillLines lines;
  private final List<String> columns;
  private final String header;
  private final String totalsHeader;
  private final Runnable atEnd;

  private boolean headerRead;
  private boolean done;
  private boolean closed;
  private UniPayException failure;

  BillReader(
      InputStream in, BillText text, List<String> columns, List<String> totals, Runnable atEnd) {
    this.in = in;
    this.text = text;
    this.lines = new BillLines(in, UTF_8);
    this.columns = columns;
    this.header = String.join(",", columns);
    this.totalsHeader = String.join(",", totals);
    this.atEnd = atEnd;
  }

  /** The data line as a row; counts it into the running totals. */
  abstract R row(long line, String text);

  /** Reads the totals line and checks it against the running totals. */
  abstract void totals(long line, String text);

  /** The header line as compared with the columns (e.g. with full-width parentheses unified). */
  String normaliseHeader(String line) {
    return line;
  }

  /** The next row, or null once the totals were checked and the end check passed. */
  final R nextRow() {
    if (failure != null) throw failure;
    if (done) return null;
    if (closed) throw new IllegalStateException(text.what() + " is closed");
    try {
      if (!headerRead) {
        header();
        headerRead = true;
      }
      String line = line();
      if (line == null) {
        throw text.malformed(
            lines.number() + 1, null, "the file ends before its totals section (truncated)");
      }
      if (line.equals(totalsHeader)) {
        String totals = line();
        if (totals == null) {
          throw text.malformed(lines.number() + 1, null, "the totals header has no totals line");
        }
        totals(lines.number(), totals);
        end();
        atEnd.run();
        done = true;
        close();
        return null;
      }
      return row(lines.number(), line);
    } catch (ArithmeticException e) {
      throw fail(text.malformed(lines.number(), null, "the amounts add up beyond any real bill"));
    } catch (UniPayException e) {
      throw fail(e);
    }
  }

  /** Whether the totals have been read and checked. */
  final boolean done() {
    return done;
  }

  /** Closes the stream (idempotent); an unfinished bill cannot be read further. */
  final void closeStream() {
    close();
  }

  private UniPayException fail(UniPayException e) {
    failure = e;
    close();
    return e;
  }

  private void close() {
    if (closed) return;
    closed = true;
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // given up either way
    }
  }

  private String line() {
    try {
      return lines.next();
    } catch (BillLines.BadLine e) {
      throw text.malformed(e.getMessage(), null);
    } catch (IOException e) {
      throw text.malformed(
          "the file cannot be read after line " + lines.number() + " (" + e + ")", e);
    }
  }

  private void header() {
    String line = line();
    if (line == null) throw text.malformed(1, null, "the file is empty");
    line = normaliseHeader(line);
    if (line.equals(header)) return;
    List<String> names = Arrays.asList(line.split(",", -1));
    for (int i = 0; i < Math.max(names.size(), columns.size()); i++) {
      String found = i < names.size() ? names.get(i) : null;
      String expected = i < columns.size() ? columns.get(i) : null;
      if (found != null && found.equals(expected)) continue;
      String issue;
      if (found == null) issue = "the header lacks column " + expected;
      else if (!columns.contains(found)) issue = "unknown column " + LogSafe.quote(found);
      else if (expected == null) issue = "the header repeats column " + LogSafe.quote(found);
      else issue = "the header has " + LogSafe.quote(found) + " where " + expected + " belongs";
      throw text.malformed(1, "#" + (i + 1), issue + " (the layout read here: module README)");
    }
  }

  private void end() {
    String line;
    while ((line = line()) != null) {
      if (!line.isEmpty()) {
        throw text.malformed(lines.number(), null, "unexpected content after the totals line");
      }
    }
  }
}
