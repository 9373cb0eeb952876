#pragma once
// RFC 4180 CSV as real exports write it: UTF-8 with or without a byte-order mark, CRLF or LF
// line ends, quoted fields with commas, doubled quotes and line breaks inside.

#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub {

struct CsvRow {
  int line = 0;  // physical line (1-based) where the record starts
  std::vector<std::string> fields;
};

// Malformed input (a quote that never closes, text after a closing quote) is INVALID_ARGUMENT
// naming the line. Blank lines are skipped.
Expected<std::vector<CsvRow>> ReadCsv(std::string_view text, std::size_t max_rows = 1000000);

}  // namespace kmhub
