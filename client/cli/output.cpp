#include "client/cli/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

namespace kmhub::cli {

namespace {

// Display width in characters (UTF-8 code points), for column alignment.
std::size_t Width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

std::string Money(std::int64_t pence) {
  const bool negative = pence < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
  std::string digits = std::to_string(magnitude / 100);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  const auto cents = magnitude % 100;
  return std::string(negative ? "-" : "") + "£" + digits + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string CutToWidth(const std::string& s, std::size_t characters) {
  if (Width(s) <= characters) return s;
  std::string out;
  std::size_t seen = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++seen == characters) break;  // room for the ellipsis
    out += c;
  }
  return out + "…";
}

void PrintTable(std::ostream& out, const Table& table) {
  std::vector<std::size_t> widths(table.headers.size());
  for (std::size_t i = 0; i < table.headers.size(); ++i) widths[i] = Width(table.headers[i]);
  for (const auto& row : table.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], Width(OneLine(row[i])));
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? OneLine(row[i]) : "";
      line += cell;
      if (i + 1 < widths.size()) line += std::string(widths[i] - Width(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  print_row(table.headers);
  for (const auto& row : table.rows) print_row(row);
  if (table.rows.empty()) out << "(none)\n";
}

void PrintCsv(std::ostream& out, const Table& table) {
  auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
    out << "\r\n";
  };
  print_row(table.headers);
  for (const auto& row : table.rows) print_row(row);
}

void PrintRecord(std::ostream& out, const Table& table) {
  std::size_t width = 0;
  for (const auto& h : table.headers) width = std::max(width, Width(h));
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < table.headers.size() && i < row.size(); ++i)
      out << table.headers[i] << ':' << std::string(width - Width(table.headers[i]) + 1, ' ') << row[i] << '\n';
  }
}

std::string ToJson(const google::protobuf::Message& message, bool one_line) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace kmhub::cli
