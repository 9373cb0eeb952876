#pragma once
// Whether a caller reaches a project: every caller without a scope does; a scoped one reaches
// the projects its organisation is the consortium or a partner of. One it cannot reach and one
// that does not exist look alike to it.

#include <string>

#include "server/platform/rpc/authorizer.h"
#include "server/store/project_store.h"

namespace kmhub::api {

Outcome CheckProjectReach(store::ProjectStore& projects, const Caller& caller, const std::string& code);

}  // namespace kmhub::api
