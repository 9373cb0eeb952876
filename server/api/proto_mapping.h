#pragma once
// Records <-> messages. Enum numbers are shared by store records and the proto enums.

#include "kmhub/v1/contact.pb.h"
#include "kmhub/v1/organisation.pb.h"
#include "kmhub/v1/relationship.pb.h"
#include "server/store/contact_store.h"
#include "server/store/organisation_store.h"
#include "server/store/relationship_store.h"

namespace kmhub::api {

std::string EtagOf(std::int64_t revision);
// 0 for an empty etag; -1 for one this server did not issue (never matches).
std::int64_t RevisionFromEtag(const std::string& etag);

void ToProto(const store::OrganisationRecord& r, kmhub::v1::Organisation* out);
store::OrganisationRecord FromProto(const kmhub::v1::Organisation& in);

void ToProto(const store::ContactRecord& r, kmhub::v1::Contact* out);
store::ContactRecord FromProto(const kmhub::v1::Contact& in);

void ToProto(const store::RelationshipRecord& r, kmhub::v1::Relationship* out);
// Organisation names are parsed by the handler; this copies the other fields.
store::RelationshipRecord FromProto(const kmhub::v1::Relationship& in);

}  // namespace kmhub::api
