#pragma once
// Store-internal: remembers the resource each (method, request_id) created, inside the same
// transaction as the creation, so that a retried request returns the first result.

#include <soci/soci.h>

#include <optional>
#include <string>

namespace kmhub::store {

std::optional<std::string> FindLoggedRequest(soci::session& s, const std::string& method, const std::string& request_id);
void LogRequest(soci::session& s, const std::string& method, const std::string& request_id,
                const std::string& resource_name);

}  // namespace kmhub::store
