#include "server/platform/rules/field_changes.h"

#include <catch2/catch.hpp>

using namespace kmhub::domain;

TEST_CASE("audit field changes: only the fields that differ, before and after") {
  const AuditFieldValues before = {{"title", "Hip pathway"}, {"due_date", "2010-03-31"}, {"note", "x"}};
  const AuditFieldValues after = {{"title", "Hip pathway"}, {"due_date", "2010-06-30"}, {"note", ""}};
  CHECK(ChangedFields(before, after) ==
        std::vector<FieldChange>{{"due_date", "2010-03-31", "2010-06-30"}, {"note", "x", ""}});
  CHECK(ChangedFields(before, before).empty());
  // A creation lists what was set; a deletion what there was (empty fields are not changes).
  CHECK(ChangedFields({}, after) == std::vector<FieldChange>{{"title", "", "Hip pathway"}, {"due_date", "", "2010-06-30"}});
  CHECK(ChangedFields(before, {}) == std::vector<FieldChange>{
                                         {"title", "Hip pathway", ""}, {"due_date", "2010-03-31", ""}, {"note", "x", ""}});
}

TEST_CASE("audit field changes: a long value is cut at a character boundary") {
  std::string note;
  while (note.size() < kMaxAuditValueLength + 10) note += "é";  // two bytes each
  const auto changes = ChangedFields({}, {{"note", note}});
  REQUIRE(changes.size() == 1);
  const auto& cut = changes[0].after;
  CHECK(cut.size() <= kMaxAuditValueLength + std::string("…").size());
  CHECK(cut.ends_with("é…"));
  CHECK(AuditList({"a", "b"}) == "a; b");
}
