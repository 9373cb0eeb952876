#include "server/api/project_reach.h"

#include "shared/resource_name.h"

namespace kmhub::api {

Outcome CheckProjectReach(store::ProjectStore& projects, const Caller& caller, const std::string& code) {
  if (!caller.scoped()) return Ok{};
  auto organisations = projects.InvolvedOrganisations(code);
  if (!organisations) {
    if (organisations.error().code == ErrorCode::kNotFound) return caller.OutOfScope(ProjectName(code));
    return organisations.error();
  }
  for (auto id : *organisations)
    if (caller.Covers(id)) return Ok{};
  return caller.OutOfScope(ProjectName(code));
}

}  // namespace kmhub::api
