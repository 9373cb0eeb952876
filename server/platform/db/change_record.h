#pragma once
// Store-internal: appends an audit row inside the caller's open transaction, attributed to
// the thread's ChangeAuthor.

#include <soci/soci.h>

#include <string>
#include <vector>

#include "server/platform/rules/field_changes.h"

namespace kmhub::store {

// `changes`: each changed field, before and after (field_changes.h), kept with the event.
void RecordChange(soci::session& s, const std::string& resource, const std::string& summary,
                  const std::vector<domain::FieldChange>& changes = {});

}  // namespace kmhub::store
