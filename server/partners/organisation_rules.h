#pragma once
// What makes an organisation valid (partners/README.md).

#include <string>
#include <vector>

#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr int kOrganisationKindMax = store::OrganisationKind::kLast;
inline constexpr int kOrganisationKindPbcConsortium = 7;

bool IsKnownOrganisationKind(int kind);

// Trims the name, upper-cases the ODS code, lower-cases domains and tags, then validates.
// Violations name fields under `prefix` ("organisation.ods_code").
Outcome NormaliseOrganisation(store::OrganisationRecord& organisation, const std::string& prefix = "organisation.");

// The fields an update mask may name.
const std::vector<std::string>& OrganisationUpdatableFields();
// Copies the named fields from `patch` into `target`.
void ApplyOrganisationPatch(store::OrganisationRecord& target, const store::OrganisationRecord& patch,
                            const std::vector<std::string>& paths);

}  // namespace kmhub::domain
