#include "server/partners/relationship_rules.h"

#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"

namespace kmhub::domain {

Outcome ValidateRelationship(store::RelationshipRecord& r, const std::string& prefix) {
  r.description = Trim(r.description);
  r.start_date = Trim(r.start_date);
  r.end_date = Trim(r.end_date);
  Violations v;
  if (r.organisation_id != 0 && r.organisation_id == r.related_organisation_id)
    v.Add(prefix + "related_organisation", "must differ from organisation");
  if (r.type == 0)
    v.Add(prefix + "type", "is required (e.g. RELATIONSHIP_TYPE_LAA_PARTNER)");
  else if (r.type < 0 || r.type > kRelationshipTypeMax)
    v.Add(prefix + "type", std::to_string(r.type) + " is not a known relationship type");
  const auto start = CivilDate::Parse(r.start_date);
  if (!start) v.Add(prefix + "start_date", DateProblem(r.start_date));
  if (!r.end_date.empty()) {
    const auto end = CivilDate::Parse(r.end_date);
    if (!end)
      v.Add(prefix + "end_date", DateProblem(r.end_date));
    else if (start && *end < *start)
      v.Add(prefix + "end_date", "must not be before start_date " + r.start_date);
  }
  CheckText(v, prefix + "description", r.description, 0, kMaxTextLength);
  if (!v.empty()) return v.ToError("INVALID_RELATIONSHIP");
  return Ok{};
}

const std::vector<std::string>& RelationshipUpdatableFields() {
  static const std::vector<std::string> fields = {"type", "start_date", "end_date", "description"};
  return fields;
}

void ApplyRelationshipPatch(store::RelationshipRecord& target, const store::RelationshipRecord& patch,
                            const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path == "type") target.type = patch.type;
    if (path == "start_date") target.start_date = patch.start_date;
    if (path == "end_date") target.end_date = patch.end_date;
    if (path == "description") target.description = patch.description;
  }
}

}  // namespace kmhub::domain
