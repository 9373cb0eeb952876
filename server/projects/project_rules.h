#pragma once
// What makes a project valid, and which status changes are allowed (projects/README.md).

#include <string>
#include <string_view>
#include <vector>

#include "server/projects/records.h"
#include "shared/civil_date.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr int kPartnerRoleMax = store::PartnerRole::kLast;
inline constexpr int kRagMax = 3;          // kmhub.v1.Rag: green, amber, red

std::string StateLabel(int state);
bool IsKnownState(int state);

// Project codes: 2 to 20 upper-case letters, digits and '-', starting with a letter ("P-2009-014").
bool IsValidProjectCode(std::string_view code);

// Trims and validates every field; violations name fields under `prefix`.
Outcome NormaliseProject(store::ProjectRecord& project, const std::string& prefix = "project.");

// proposed -> approved -> active <-> on hold -> completed; anything not finished may be cancelled.
bool IsAllowedTransition(int from, int to);
// Checks a change of state and fills in what it implies: becoming active sets the actual start
// (today, if unset); completing sets the actual end.
Outcome ApplyTransition(store::ProjectRecord& project, int to, CivilDate today);

// A status update needs a RAG rating and a narrative; its date defaults to today and may not
// lie in the future.
Outcome NormaliseStatusUpdate(store::StatusUpdateRecord& update, CivilDate today,
                              const std::string& prefix = "status_update.");

const std::vector<std::string>& ProjectUpdatableFields();
void ApplyProjectPatch(store::ProjectRecord& target, const store::ProjectRecord& patch,
                       const std::vector<std::string>& paths);

}  // namespace kmhub::domain
