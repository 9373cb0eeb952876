#pragma once
// The records of the practice-based-commissioning database: projects, their partners,
// milestones and status updates. Enum fields carry the kmhub.v1 enum numbers.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kmhub::store {

// kmhub.v1.PartnerRole, by name and implicitly int (project_mapping.cpp asserts each value equals
// the proto's; ProjectState and Rag are the rules' own, in project_rules.h and project_rag.h).
struct PartnerRole {
  enum : int {
    kUnspecified = 0,
    kLead = 1,
    kDeliveryPartner = 2,
    kFunder = 3,
    kStakeholder = 4,
    kLast = kStakeholder,
  };
};

struct ProjectPartnerRecord {
  std::int64_t organisation_id = 0;
  int role = 0;  // kmhub.v1.PartnerRole
};

struct ProjectRecord {
  std::int64_t id = 0;
  std::string code;  // "P-2009-014"; the resource name is projects/{code}
  std::string title;
  std::string summary;
  std::int64_t consortium_id = 0;  // organisations/{id}, 0 for none
  std::int64_t lead_contact_organisation_id = 0;
  std::int64_t lead_contact_id = 0;  // 0 for none
  int state = 0;                     // kmhub.v1.ProjectState
  std::string planned_start;         // YYYY-MM-DD or ""
  std::string planned_end;
  std::string actual_start;
  std::string actual_end;
  std::int64_t investment_pence = 0;
  std::vector<ProjectPartnerRecord> partners;
  std::vector<std::string> procedure_codes;
  // Organisations whose activity in the same procedures is the ROI comparator.
  std::vector<std::int64_t> comparator_ids;
  std::int64_t create_micros = 0;
  std::int64_t update_micros = 0;
  std::int64_t revision = 0;
};

// A predecessor link as MS Project has them: the successor may start once the predecessor
// finishes (FS, the default), starts (SS); or finish once it finishes (FF) or starts (SF); a lag
// in calendar days (negative: a lead) shifts that moment.
enum class LinkType { kFinishToStart = 1, kStartToStart = 2, kFinishToFinish = 3, kStartToFinish = 4 };
struct LinkTiming {
  LinkType type = LinkType::kFinishToStart;
  int lag_days = 0;
  bool operator==(const LinkTiming&) const = default;
};

struct MilestoneRecord {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string title;
  std::int64_t owner_organisation_id = 0;  // 0 for none
  std::string start_date;                  // planned start, "" for a point milestone
  std::string baseline_due;
  std::string due;
  std::string completed;  // completion date or ""
  int percent_complete = 0;
  std::string external_id;  // e.g. "mspdi:12" from an imported plan
  std::vector<std::int64_t> predecessor_ids;
  std::int64_t revision = 0;
  // How a predecessor link ties the two milestones, for the links that are not finish-to-start
  // without a lag (milestone_links.h), by predecessor id.
  std::map<std::int64_t, LinkTiming> link_timings;
};

struct StatusUpdateRecord {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string date;  // YYYY-MM-DD
  std::string narrative;
  int rag = 0;  // kmhub.v1.Rag
  std::int64_t author_organisation_id = 0;
  std::int64_t author_contact_id = 0;  // 0 for none
  std::int64_t create_micros = 0;
};

// What the RAG rules need from the database, read in the same query as the project.
struct RagFacts {
  int latest_update_rag = 0;
  std::string latest_update_date;
  int overdue_milestones = 0;          // uncompleted, due before `today`
  std::string earliest_overdue_due;    // the most overdue one's due date, or ""
};

// A project's whole schedule, with the revision that guards changes to it.
struct Schedule {
  std::int64_t project_id = 0;
  std::int64_t revision = 0;
  std::vector<MilestoneRecord> milestones;  // by due date
};

}  // namespace kmhub::store

// The states and ratings the rules decide (project_rules.h, project_rag.h), as the proto numbers
// them (project_mapping.cpp asserts each).
namespace kmhub::domain {

enum ProjectState : int {
  kProposed = 1,
  kApproved = 2,
  kActive = 3,
  kOnHold = 4,
  kCompleted = 5,
  kCancelled = 6,
};

enum Rag : int { kRagUnspecified = 0, kGreen = 1, kAmber = 2, kRed = 3 };

}  // namespace kmhub::domain
