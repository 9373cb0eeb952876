#pragma once
// What makes a contact valid, and the clinical roles of the address book.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr int kClinicalRoleMax = store::ClinicalRole::kLast;

bool IsKnownClinicalRole(int role);
// "GP", "PEC chair", … as people write them (vCard ROLE); 0 for unspecified.
std::string ClinicalRoleLabel(int role);
// Reads a label back, case-insensitively, accepting common spellings ("general practitioner").
std::optional<int> ParseClinicalRoleLabel(std::string_view label);

// Trims and validates; an empty display name is derived from given and family names.
Outcome NormaliseContact(store::ContactRecord& contact, const std::string& prefix = "contact.");

const std::vector<std::string>& ContactUpdatableFields();
void ApplyContactPatch(store::ContactRecord& target, const store::ContactRecord& patch,
                       const std::vector<std::string>& paths);

}  // namespace kmhub::domain
