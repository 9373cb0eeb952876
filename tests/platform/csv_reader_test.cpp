// The CSV reader every import uses, on the awkward things real exports do.

#include "shared/csv_reader.h"

#include <catch2/catch.hpp>

using namespace kmhub;

namespace {
std::vector<std::vector<std::string>> Fields(std::string_view text) {
  auto rows = ReadCsv(text);
  REQUIRE(rows);
  std::vector<std::vector<std::string>> out;
  for (const auto& r : *rows) out.push_back(r.fields);
  return out;
}
}  // namespace

TEST_CASE("CSV: a BOM, CRLF, quoted commas, doubled quotes and a line break inside a field") {
  const auto rows = ReadCsv("\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n\r\nlast,\r\n");
  REQUIRE(rows);
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].fields == std::vector<std::string>{"a", "b"});
  CHECK((*rows)[1].fields == std::vector<std::string>{"x, y", "say \"hi\"\nthere"});
  CHECK((*rows)[2].line == 5);  // counted past the quoted line break and the blank line
  CHECK((*rows)[2].fields == std::vector<std::string>{"last", ""});
}

TEST_CASE("CSV: the separator is the file's own: comma, semicolon (Excel where the comma is a decimal mark) or tab") {
  CHECK(DetectCsvSeparator("organisation,procedure,month,count\n") == ',');
  CHECK(DetectCsvSeparator("\xEF\xBB\xBF" "organisation;procedure;month;count\n") == ';');
  CHECK(DetectCsvSeparator("organisation\tprocedure\tmonth\n") == '\t');
  CHECK(DetectCsvSeparator("\"a;b;c\",d\n") == ',');  // separators inside quotes do not count
  CHECK(DetectCsvSeparator("single\n1;2;3\n") == ',');  // only the first record is looked at
  CHECK(Fields("name;cost\n\"Smith, J\";12,50\n") ==
        std::vector<std::vector<std::string>>{{"name", "cost"}, {"Smith, J", "12,50"}});
  CHECK(Fields("a\tb\n1\t2\n") == std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("CSV: an unclosed quote and text after a closing quote name their line") {
  const auto open = ReadCsv("a,b\n\"never closed,1\n");
  REQUIRE_FALSE(open);
  CHECK(open.error().reason == "MALFORMED_CSV");
  CHECK(open.error().message.find("line 2") != std::string::npos);
  const auto after = ReadCsv("a;b\n\"x\"y;1\n");
  REQUIRE_FALSE(after);
  CHECK(after.error().message.find("line 2: text after the closing quote") != std::string::npos);
}
