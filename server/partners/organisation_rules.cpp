#include "server/partners/organisation_rules.h"

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

bool IsKnownOrganisationKind(int kind) { return kind >= 1 && kind <= kOrganisationKindMax; }

Outcome NormaliseOrganisation(store::OrganisationRecord& o, const std::string& prefix) {
  o.display_name = Trim(o.display_name);
  o.ods_code = AsciiUpper(Trim(o.ods_code));
  for (auto& d : o.email_domains) d = AsciiLower(Trim(d));
  for (auto& t : o.tags) t = AsciiLower(Trim(t));

  Violations v;
  CheckText(v, prefix + "display_name", o.display_name, 1, kMaxNameLength);
  if (o.kind == 0)
    v.Add(prefix + "kind", "is required (e.g. ORGANISATION_KIND_ACUTE_TRUST)");
  else if (!IsKnownOrganisationKind(o.kind))
    v.Add(prefix + "kind", std::to_string(o.kind) + " is not a known organisation kind");
  if (!o.ods_code.empty() && !IsValidOdsCode(o.ods_code))
    v.Add(prefix + "ods_code", "'" + o.ods_code.substr(0, 40) +
                                   "' is not an ODS code (3 to 6 letters and digits with at least one letter, e.g. RGT or D81001)");
  CheckList(v, prefix + "email_domains", o.email_domains, IsValidEmailDomain, "an e-mail domain such as nhs.net");
  CheckList(v, prefix + "tags", o.tags, IsValidTag, "a tag (lower-case letters, digits and '-', up to 40)");
  if (!v.empty()) return v.ToError("INVALID_ORGANISATION");
  return Ok{};
}

const std::vector<std::string>& OrganisationUpdatableFields() {
  static const std::vector<std::string> fields = {"display_name", "kind", "ods_code", "email_domains", "tags"};
  return fields;
}

void ApplyOrganisationPatch(store::OrganisationRecord& target, const store::OrganisationRecord& patch,
                            const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path == "display_name") target.display_name = patch.display_name;
    if (path == "kind") target.kind = patch.kind;
    if (path == "ods_code") target.ods_code = patch.ods_code;
    if (path == "email_domains") target.email_domains = patch.email_domains;
    if (path == "tags") target.tags = patch.tags;
  }
}

}  // namespace kmhub::domain
