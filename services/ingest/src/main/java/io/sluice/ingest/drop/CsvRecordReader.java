package io.sluice.ingest.drop;

import io.sluice.events.RejectionReason;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time: comma-separated, fields optionally in double quotes (with
 * {@code ""} for a quote, commas and line breaks allowed inside), lines ended by CRLF, LF or CR. A
 * leading byte-order mark is skipped. Nothing is held but the current record, and a record longer
 * than {@link #MAX_RECORD_CHARS} is refused, so a hostile file cannot exhaust memory.
 */
final class CsvRecordReader {

  static final int MAX_RECORD_CHARS = 1 << 20;

  private final Reader in;
  private final String path;
  private int line = 1;
  private int recordLine = 1;
  private int pending = -2;
  private boolean started;

  CsvRecordReader(Reader in, String path) {
    this.in = in;
    this.path = path;
  }

  /** The 1-based line on which the last returned record started. */
  int recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end of the file. */
  List<String> next() throws IOException, DropRejectedException {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int length = 0;
    while (true) {
      if (++length > MAX_RECORD_CHARS) {
        throw reject("a record is longer than " + MAX_RECORD_CHARS + " characters");
      }
      if (c == '"' && field.isEmpty()) {
        c = readQuoted(field);
        continue;
      }
      if (c == ',' || c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        field.setLength(0);
        if (c != ',') {
          endLine(c);
          return fields;
        }
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }

  /** Reads a quoted field's content; returns the character after the closing quote. */
  private int readQuoted(StringBuilder field) throws IOException, DropRejectedException {
    int startLine = line;
    while (true) {
      int c = read();
      if (c == -1) {
        throw reject("the quoted field opened on line " + startLine + " is never closed");
      }
      if (c == '\n') {
        line++;
      }
      if (field.length() > MAX_RECORD_CHARS) {
        throw reject("a quoted field is longer than " + MAX_RECORD_CHARS + " characters");
      }
      if (c != '"') {
        field.append((char) c);
        continue;
      }
      int after = read();
      if (after == '"') {
        field.append('"');
      } else if (after == ',' || after == '\n' || after == '\r' || after == -1) {
        return after;
      } else {
        throw reject("a closing quote is followed by '" + (char) after + "' instead of ','");
      }
    }
  }

  private void endLine(int c) throws IOException {
    if (c == '\r') {
      int next = read();
      if (next != '\n') {
        pending = next;
      }
    }
    if (c != -1) {
      line++;
    }
  }

  private int read() throws IOException {
    if (pending != -2) {
      int c = pending;
      pending = -2;
      return c;
    }
    int c = in.read();
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = in.read();
      }
    }
    return c;
  }

  private DropRejectedException reject(String what) {
    return new DropRejectedException(RejectionReason.NOT_CSV, path + " line " + line + ": " + what);
  }
}
