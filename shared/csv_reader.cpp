#include "shared/csv_reader.h"

namespace kmhub {

namespace {
Error Malformed(int line, const std::string& what) {
  const std::string message = "line " + std::to_string(line) + ": " + what;
  return InvalidArgument("MALFORMED_CSV", "the CSV file is malformed at " + message, {{"data", message}});
}
}  // namespace

char DetectCsvSeparator(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

Outcome ForEachCsvRow(std::string_view text, const std::function<Outcome(const CsvRow&)>& on_row) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char sep = DetectCsvSeparator(text);
  CsvRow row;
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    row.line = line;
    std::size_t count = 0;  // fields of this record; the strings of earlier records are reused
    bool end_of_record = false;
    while (!end_of_record) {
      if (count == row.fields.size()) row.fields.emplace_back();
      std::string& field = row.fields[count++];
      field.clear();
      if (i < text.size() && text[i] == '"') {
        const int opened = line;
        ++i;
        while (true) {
          if (i >= text.size()) return Malformed(opened, "a quoted field is never closed");
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r')
          return Malformed(line, "text after the closing quote of a field");
      } else {
        const std::size_t from = i;
        while (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r') ++i;
        field.assign(text.data() + from, i - from);
      }
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == sep) {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    row.fields.resize(count);
    const bool blank = count == 1 && row.fields[0].empty();
    if (!blank) KMHUB_TRY(on_row(row));
  }
  return Ok{};
}

Expected<std::vector<CsvRow>> ReadCsv(std::string_view text, std::size_t max_rows) {
  std::vector<CsvRow> rows;
  KMHUB_TRY(ForEachCsvRow(text, [&](const CsvRow& row) -> Outcome {
    if (rows.size() >= max_rows)
      return InvalidArgument("TOO_MANY_ROWS", "the file has more than " + std::to_string(max_rows) + " rows; split it");
    rows.push_back(row);
    return Ok{};
  }));
  return rows;
}

}  // namespace kmhub
