#pragma once
// The fields of partner records that an audit event records before and after a change
// (platform/rules/field_changes.h), named as the API names them.

#include "server/partners/records.h"
#include "server/platform/rules/field_changes.h"

namespace kmhub::domain {

AuditFieldValues AuditFields(const store::OrganisationRecord& organisation);
AuditFieldValues AuditFields(const store::ContactRecord& contact);
AuditFieldValues AuditFields(const store::RelationshipRecord& relationship);

}  // namespace kmhub::domain
