#include "server/activity/roi_scope.h"

#include <algorithm>

namespace kmhub::domain {

Memberships::Memberships(const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  for (const auto& [a, b] : pairs) {
    members_[a].push_back(b);
    members_[b].push_back(a);
  }
}

const std::vector<std::int64_t>& Memberships::MembersOf(std::int64_t consortium_id) const {
  static const std::vector<std::int64_t> none;
  const auto found = members_.find(consortium_id);
  return found == members_.end() ? none : found->second;
}

store::ActivityScope ScopeOf(const store::ProjectRecord& project, const Memberships& memberships) {
  store::ActivityScope scope;
  if (!project.consortium_id) return scope;
  auto& ids = scope.organisation_ids;
  ids.push_back(project.consortium_id);
  const auto& members = memberships.MembersOf(project.consortium_id);
  ids.insert(ids.end(), members.begin(), members.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  scope.procedure_codes = project.procedure_codes;
  std::sort(scope.procedure_codes.begin(), scope.procedure_codes.end());
  scope.procedure_codes.erase(std::unique(scope.procedure_codes.begin(), scope.procedure_codes.end()),
                              scope.procedure_codes.end());
  return scope;
}

}  // namespace kmhub::domain
