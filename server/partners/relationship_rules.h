#pragma once
// What makes a relationship between organisations valid.

#include <string>
#include <vector>

#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr int kRelationshipTypeMax = store::RelationshipType::kLast;

Outcome ValidateRelationship(store::RelationshipRecord& relationship, const std::string& prefix = "relationship.");

const std::vector<std::string>& RelationshipUpdatableFields();
void ApplyRelationshipPatch(store::RelationshipRecord& target, const store::RelationshipRecord& patch,
                            const std::vector<std::string>& paths);

}  // namespace kmhub::domain
