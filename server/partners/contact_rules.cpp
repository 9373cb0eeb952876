#include "server/partners/contact_rules.h"

#include <array>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {
// Index = kmhub.v1.ClinicalRole value.
constexpr std::array<std::string_view, kClinicalRoleMax + 1> kLabels = {
    "",       "GP",        "PEC chair",  "Consortium representative", "Allied health professional", "Social care",
    "Manager", "Nurse", "Consultant", "Pharmacist", "Other"};
}  // namespace

bool IsKnownClinicalRole(int role) { return role >= 0 && role <= kClinicalRoleMax; }

std::string ClinicalRoleLabel(int role) {
  return IsKnownClinicalRole(role) ? std::string(kLabels[static_cast<std::size_t>(role)]) : "";
}

std::optional<int> ParseClinicalRoleLabel(std::string_view label) {
  const std::string wanted = AsciiLower(Trim(label));
  if (wanted.empty()) return 0;
  for (std::size_t i = 1; i < kLabels.size(); ++i)
    if (AsciiLower(kLabels[i]) == wanted) return static_cast<int>(i);
  if (wanted == "general practitioner") return 1;
  if (wanted == "professional executive committee chair" || wanted == "pec chairman") return 2;
  if (wanted == "ahp") return 4;
  if (wanted == "social worker") return 5;
  return std::nullopt;
}

Outcome NormaliseContact(store::ContactRecord& c, const std::string& prefix) {
  c.display_name = Trim(c.display_name);
  c.given_name = Trim(c.given_name);
  c.family_name = Trim(c.family_name);
  c.name_prefix = Trim(c.name_prefix);
  c.additional_names = Trim(c.additional_names);
  c.name_suffix = Trim(c.name_suffix);
  c.job_title = Trim(c.job_title);
  c.note = Trim(c.note);
  for (auto& e : c.emails) e = Trim(e);
  for (auto& p : c.phones) p = Trim(p);
  if (c.display_name.empty()) c.display_name = Trim(c.given_name + " " + c.family_name);

  Violations v;
  CheckText(v, prefix + "display_name", c.display_name, 1, kMaxNameLength);
  CheckText(v, prefix + "given_name", c.given_name, 0, kMaxNameLength);
  CheckText(v, prefix + "family_name", c.family_name, 0, kMaxNameLength);
  CheckText(v, prefix + "name_prefix", c.name_prefix, 0, kMaxNameLength);
  CheckText(v, prefix + "additional_names", c.additional_names, 0, kMaxNameLength);
  CheckText(v, prefix + "name_suffix", c.name_suffix, 0, kMaxNameLength);
  CheckText(v, prefix + "job_title", c.job_title, 0, kMaxNameLength);
  CheckText(v, prefix + "note", c.note, 0, kMaxTextLength);
  CheckText(v, prefix + "vcard_uid", c.vcard_uid, 0, kMaxNameLength);
  if (!IsKnownClinicalRole(c.clinical_role))
    v.Add(prefix + "clinical_role", std::to_string(c.clinical_role) + " is not a known clinical role");
  CheckList(v, prefix + "emails", c.emails, IsValidEmailAddress, "an e-mail address such as jane.smith@nhs.net");
  CheckList(v, prefix + "phones", c.phones, IsValidPhone, "a telephone number such as 01223 245151");
  if (!v.empty()) return v.ToError("INVALID_CONTACT");
  return Ok{};
}

const std::vector<std::string>& ContactUpdatableFields() {
  static const std::vector<std::string> fields = {"display_name", "given_name",  "family_name",     "name_prefix",
                                                  "additional_names", "name_suffix", "job_title", "clinical_role",
                                                  "emails",       "phones",      "note"};
  return fields;
}

void ApplyContactPatch(store::ContactRecord& target, const store::ContactRecord& patch,
                       const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path == "display_name") target.display_name = patch.display_name;
    if (path == "given_name") target.given_name = patch.given_name;
    if (path == "family_name") target.family_name = patch.family_name;
    if (path == "name_prefix") target.name_prefix = patch.name_prefix;
    if (path == "additional_names") target.additional_names = patch.additional_names;
    if (path == "name_suffix") target.name_suffix = patch.name_suffix;
    if (path == "job_title") target.job_title = patch.job_title;
    if (path == "clinical_role") target.clinical_role = patch.clinical_role;
    if (path == "emails") target.emails = patch.emails;
    if (path == "phones") target.phones = patch.phones;
    if (path == "note") target.note = patch.note;
  }
}

}  // namespace kmhub::domain
