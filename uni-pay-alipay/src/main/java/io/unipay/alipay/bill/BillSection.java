package io.unipay.alipay.bill;

import io.unipay.core.internal.BillLines;
import io.unipay.core.UniPayException;
import io.unipay.core.internal.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the two CSV files of an Alipay trade bill share: GBK lines, a preamble of {@code #} lines
 * (title, {@code #账号：[...]}, {@code #起始日期：[...] 终止日期：[...]}, the list's opening dash
 * line), an exact header, and a closing dash line and {@code #导出时间：[...]} at the end.
 */
abstract class BillSection {
  static final Charset GBK = Charset.forName("GBK");
  private static final Pattern ACCOUNT = Pattern.compile("#账号：\\[([0-9]{16,24})\\]");
  private static final Pattern DATES =
      Pattern.compile(
          "#起始日期：\\[([0-9]{4})年([0-9]{2})月([0-9]{2})日 00:00:00\\]\\s+"
              + "终止日期：\\[([0-9]{4})年([0-9]{2})月([0-9]{2})日 00:00:00\\]");
  private static final Pattern EXPORTED =
      Pattern.compile("#导出时间：\\[[0-9]{4}年[0-9]{2}月[0-9]{2}日 [0-9]{2}:[0-9]{2}:[0-9]{2}\\]");

  final BillText text;
  private final BillLines lines;
  private final LocalDate day;
  private String account;

  BillSection(InputStream in, BillText text, LocalDate day) {
    this.text = text;
    this.lines = new BillLines(in, GBK);
    this.day = day;
  }

  /** The 账号 of the preamble (Alipay's 16-digit 2088 id, often followed by 4 more digits). */
  final String account() {
    return account;
  }

  final long number() {
    return lines.number();
  }

  /** The next line, or null at the end of the file. */
  final String line() {
    try {
      return lines.next();
    } catch (BillLines.BadLine e) {
      throw text.malformed(e.getMessage(), null);
    } catch (IOException e) {
      throw text.malformed(
          "the file cannot be read after line " + lines.number() + " (" + e + ")", e);
    }
  }

  /** The next line, which must exist. */
  final String requiredLine(String what) {
    String line = line();
    if (line == null) {
      throw text.malformed(lines.number() + 1, null, "the file ends before " + what
          + " (truncated)");
    }
    return line;
  }

  /** Reads the title, account, dates and opening dash line, then the header. */
  final void preamble(String title, String list, List<String> columns) {
    expect(requiredLine("its title"), title);
    Matcher a = ACCOUNT.matcher(requiredLine("its 账号 line"));
    if (!a.matches()) throw text.malformed(lines.number(), null, "not a #账号：[...] line");
    account = a.group(1);
    Matcher d = DATES.matcher(requiredLine("its dates"));
    if (!d.matches()) throw text.malformed(lines.number(), null, "not a #起始日期 line");
    LocalDate start = date(d, 1);
    LocalDate end = date(d, 4);
    if (!day.equals(start) || !day.plusDays(1).equals(end)) {
      throw text.malformed(lines.number(), null, "the file covers " + start + " to " + end
          + ", not the day " + day);
    }
    if (!dashes(requiredLine("its list"), list)) {
      throw text.malformed(lines.number(), null, "not the opening line of the " + list);
    }
    header(requiredLine("its header"), columns);
  }

  /** Whether {@code line} is {@code #----name----}. */
  static boolean dashes(String line, String name) {
    return line.matches("#-+" + Pattern.quote(name) + "-+");
  }

  /** Reads the {@code #导出时间} line, then requires the end of the file (empty lines allowed). */
  final void exported() {
    if (!EXPORTED.matcher(requiredLine("its #导出时间 line")).matches()) {
      throw text.malformed(lines.number(), null, "not a #导出时间：[...] line");
    }
    String line;
    while ((line = line()) != null) {
      if (!line.isEmpty()) {
        throw text.malformed(lines.number(), null, "unexpected content after #导出时间");
      }
    }
  }

  private void expect(String line, String expected) {
    if (!line.equals(expected)) {
      throw text.malformed(lines.number(), null, "expected " + expected + ", found "
          + LogSafe.quote(line));
    }
  }

  private LocalDate date(Matcher m, int group) {
    try {
      return LocalDate.of(Integer.parseInt(m.group(group)), Integer.parseInt(m.group(group + 1)),
          Integer.parseInt(m.group(group + 2)));
    } catch (java.time.DateTimeException e) {
      throw text.malformed(lines.number(), null, "not a date: " + LogSafe.quote(m.group()));
    }
  }

  private void header(String line, List<String> columns) {
    if (line.equals(String.join(",", columns))) return;
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
      throw text.malformed(lines.number(), "#" + (i + 1), issue
          + " (the layout read here: module README)");
    }
  }

  /** A failure of this file. */
  final UniPayException malformed(String issue) {
    return text.malformed(lines.number(), null, issue);
  }
}
