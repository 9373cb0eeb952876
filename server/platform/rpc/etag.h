#pragma once
// Entity tags for optimistic concurrency: a record's revision as "\"7\"". An update that names an
// etag applies only while the record is still at that revision (FAILED_PRECONDITION otherwise).

#include <cstdint>
#include <string>

namespace kmhub::api {

std::string EtagOf(std::int64_t revision);
// 0 for an empty etag; -1 for one this server did not issue (never matches).
std::int64_t RevisionFromEtag(const std::string& etag);

}  // namespace kmhub::api
