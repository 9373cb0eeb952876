#pragma once
// Records <-> messages. Enum numbers are shared by store records and the proto enums.

#include "kmhub/v1/contact.pb.h"
#include "kmhub/v1/organisation.pb.h"
#include "kmhub/v1/relationship.pb.h"
#include "server/partners/contact_store.h"
#include "server/platform/rpc/etag.h"
#include "server/partners/organisation_store.h"
#include "server/partners/relationship_store.h"

namespace kmhub::api {

void ToProto(const store::OrganisationRecord& r, kmhub::v1::Organisation* out);
store::OrganisationRecord FromProto(const kmhub::v1::Organisation& in);

void ToProto(const store::ContactRecord& r, kmhub::v1::Contact* out);
store::ContactRecord FromProto(const kmhub::v1::Contact& in);

void ToProto(const store::RelationshipRecord& r, kmhub::v1::Relationship* out);
// Organisation names are parsed by the handler; this copies the other fields.
store::RelationshipRecord FromProto(const kmhub::v1::Relationship& in);

}  // namespace kmhub::api
