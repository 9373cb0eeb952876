#pragma once
// RFC 4180 CSV as real exports write it: UTF-8 with or without a byte-order mark, CRLF or LF
// line ends, quoted fields with commas, doubled quotes and line breaks inside, and the field
// separator the file uses: a comma, or the semicolon (or tab) that Excel writes where the comma
// is the decimal mark, told from the first record.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub {

struct CsvRow {
  int line = 0;  // physical line (1-based) where the record starts
  std::vector<std::string> fields;
};

// The separator of the file's first record: whichever of ',', ';' and tab occurs most often
// outside quotes (',' on a tie, and for a one-column file).
char DetectCsvSeparator(std::string_view text);

// Malformed input (a quote that never closes, text after a closing quote) is INVALID_ARGUMENT
// naming the line. Blank lines are skipped.
Expected<std::vector<CsvRow>> ReadCsv(std::string_view text, std::size_t max_rows = 1000000);

// The same, one record at a time (the row is reused: copy what you keep), for files of a
// million rows that need not all be held as strings at once. Stops at the first error that
// `on_row` returns, and returns it.
Outcome ForEachCsvRow(std::string_view text, const std::function<Outcome(const CsvRow&)>& on_row);

}  // namespace kmhub
