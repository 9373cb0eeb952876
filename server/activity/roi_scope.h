#pragma once
// A project's scope: the activity its return is measured on (README.md, "ROI"). Its
// organisations are its consortium and the consortium's members (consortium-membership
// relationships, whichever way round they were recorded); its procedures are the ones defined on
// the project. A project without a consortium has an empty scope.

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "server/activity/records.h"
#include "server/projects/records.h"

namespace kmhub::domain {

// Consortium-membership pairs (organisation, related organisation), indexed both ways.
class Memberships {
 public:
  explicit Memberships(const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs);
  const std::vector<std::int64_t>& MembersOf(std::int64_t consortium_id) const;

 private:
  std::map<std::int64_t, std::vector<std::int64_t>> members_;
};

// Organisations and procedure codes sorted and without repeats.
store::ActivityScope ScopeOf(const store::ProjectRecord& project, const Memberships& memberships);

}  // namespace kmhub::domain
