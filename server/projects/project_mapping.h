#pragma once

#include <map>
// Project records <-> kmhub.v1 project messages. Names in requests are parsed here, so that
// a malformed one is a field violation naming the request field.

#include "kmhub/v1/project.pb.h"
#include "server/projects/milestone_schedule.h"
#include "server/projects/project_rag.h"
#include "server/projects/contributor_store.h"
#include "server/projects/records.h"
#include "server/projects/project_store.h"
#include "shared/civil_date.h"
#include "shared/error.h"

namespace kmhub::api {

// Reads a project message; `prefix` names its field in the request ("project.").
Expected<store::ProjectRecord> ProjectFromProto(const kmhub::v1::Project& in, const std::string& prefix = "project.");
void ToProto(const store::ProjectRecord& r, int rag, kmhub::v1::Project* out);

// Predecessor names must be milestones of `project_code`.
Expected<store::MilestoneRecord> MilestoneFromProto(const kmhub::v1::Milestone& in, const std::string& project_code,
                                                    const std::string& prefix = "milestone.");
// `owners`: organisations' display names by id, for owner_display_name (none: left empty).
using OwnerNames = std::map<std::int64_t, std::string>;
void ToProto(const store::MilestoneRecord& r, const std::string& project_code, CivilDate today,
             kmhub::v1::Milestone* out, const OwnerNames& owners = {});

Expected<store::StatusUpdateRecord> StatusUpdateFromProto(const kmhub::v1::StatusUpdate& in,
                                                          const std::string& prefix = "status_update.");
void ToProto(const store::StatusUpdateRecord& r, const std::string& project_code, kmhub::v1::StatusUpdate* out);
void ToProto(const store::ContributorRecord& r, kmhub::v1::ProjectContributor* out);

// The RAG rules' view of a project read with its facts.
domain::RagAssessment AssessProject(const store::ProjectWithFacts& project, CivilDate today,
                                    domain::RagDetail detail = domain::RagDetail::kDescribed);

}  // namespace kmhub::api
