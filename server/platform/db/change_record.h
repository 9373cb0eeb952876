#pragma once
// Store-internal: appends an audit row inside the caller's open transaction, attributed to
// the thread's ChangeAuthor.

#include <soci/soci.h>

#include <string>

namespace kmhub::store {

void RecordChange(soci::session& s, const std::string& resource, const std::string& summary);

}  // namespace kmhub::store
