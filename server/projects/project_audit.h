#pragma once
// The fields of project records that an audit event records before and after a change
// (platform/rules/field_changes.h), named as the API names them.

#include "server/platform/rules/field_changes.h"
#include "server/projects/records.h"

namespace kmhub::domain {

AuditFieldValues AuditFields(const store::ProjectRecord& project);
AuditFieldValues AuditFields(const store::MilestoneRecord& milestone);

}  // namespace kmhub::domain
