#pragma once
// How the CLI prints: a table that reads well in a terminal (the default), JSON in protobuf's
// JSON mapping, or CSV (RFC 4180) for spreadsheets.

#include <google/protobuf/message.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace kmhub::cli {

enum class OutputFormat { kTable, kJson, kCsv };

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

void PrintTable(std::ostream& out, const Table& table);
void PrintCsv(std::ostream& out, const Table& table);
// One record as "Field: value" lines (the table form of a single resource).
void PrintRecord(std::ostream& out, const Table& table);
// Indented; `one_line` for streams of records (JSON Lines).
std::string ToJson(const google::protobuf::Message& message, bool one_line = false);

// Tables are one line per row: line breaks in values are shown as spaces.
std::string OneLine(std::string s);
// At most `characters` characters (code points), the last an ellipsis when cut.
std::string CutToWidth(const std::string& s, std::size_t characters);
// Money as tables show it, one way everywhere: "£12,000.00", "-£1,250.50". (CSV and JSON carry
// the pence as a plain number.)
std::string Money(std::int64_t pence);
std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ");

}  // namespace kmhub::cli
