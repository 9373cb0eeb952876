#include "server/projects/project_rules.h"

#include "server/platform/rules/procedure_code.h"

#include <algorithm>
#include <array>
#include <set>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {
constexpr std::array<std::string_view, 7> kStateLabels = {"", "proposed", "approved", "active",
                                                          "on hold", "completed", "cancelled"};

void CheckDate(Violations& v, const std::string& field, const std::string& date) {
  if (!date.empty() && !CivilDate::Parse(date))
    v.Add(field, DateProblem(date));
}

void CheckOrder(Violations& v, const std::string& field, const std::string& start, const std::string& end,
                const char* start_name) {
  const auto s = CivilDate::Parse(start), e = CivilDate::Parse(end);
  if (s && e && *e < *s) v.Add(field, "must not be before " + std::string(start_name) + " " + start);
}

// OPCS-4 (W37.1 / W371) or HRG4 (HB12C) codes; the ROI issue normalises them further.
bool IsValidProcedureCode(std::string_view code) { return NormaliseProcedureCode(code).has_value(); }
}  // namespace

std::string StateLabel(int state) { return IsKnownState(state) ? std::string(kStateLabels[static_cast<std::size_t>(state)]) : "?"; }
bool IsKnownState(int state) { return state >= kProposed && state <= kCancelled; }

bool IsValidProjectCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 20 || !(code.front() >= 'A' && code.front() <= 'Z')) return false;
  return std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; });
}

Outcome NormaliseProject(store::ProjectRecord& p, const std::string& prefix) {
  p.code = AsciiUpper(Trim(p.code));
  p.title = Trim(p.title);
  p.summary = Trim(p.summary);
  // Stored as activity is ("W371"), so that a project's procedures match its activity rows.
  for (auto& c : p.procedure_codes) {
    if (auto normal = NormaliseProcedureCode(c)) c = normal->code;
  }
  if (p.state == 0) p.state = kProposed;

  Violations v;
  if (!IsValidProjectCode(p.code))
    v.Add(prefix + "code", "'" + p.code.substr(0, 30) +
                               "' is not a project code (2 to 20 upper-case letters, digits and '-', e.g. P-2009-014)");
  CheckText(v, prefix + "title", p.title, 1, kMaxNameLength);
  CheckText(v, prefix + "summary", p.summary, 0, kMaxTextLength);
  if (!IsKnownState(p.state)) v.Add(prefix + "state", std::to_string(p.state) + " is not a known project state");
  CheckDate(v, prefix + "planned_start_date", p.planned_start);
  CheckDate(v, prefix + "planned_end_date", p.planned_end);
  CheckDate(v, prefix + "actual_start_date", p.actual_start);
  CheckDate(v, prefix + "actual_end_date", p.actual_end);
  CheckOrder(v, prefix + "planned_end_date", p.planned_start, p.planned_end, "planned_start_date");
  CheckOrder(v, prefix + "actual_end_date", p.actual_start, p.actual_end, "actual_start_date");
  if (p.investment_pence < 0) v.Add(prefix + "investment_pence", "must not be negative");
  std::set<std::int64_t> partners;
  for (std::size_t i = 0; i < p.partners.size(); ++i) {
    const auto field = prefix + "partners[" + std::to_string(i) + "]";
    if (p.partners[i].role < 1 || p.partners[i].role > kPartnerRoleMax)
      v.Add(field + ".role", "is required: lead, delivery partner, funder or stakeholder");
    if (!partners.insert(p.partners[i].organisation_id).second) v.Add(field + ".organisation", "is listed twice");
  }
  if (p.partners.size() > 50) v.Add(prefix + "partners", "at most 50 partners");
  std::set<std::int64_t> comparators;
  for (std::size_t i = 0; i < p.comparator_ids.size(); ++i) {
    if (!comparators.insert(p.comparator_ids[i]).second)
      v.Add(prefix + "comparator_organisations[" + std::to_string(i) + "]", "is listed twice");
    else if (p.consortium_id && p.comparator_ids[i] == p.consortium_id)
      v.Add(prefix + "comparator_organisations[" + std::to_string(i) + "]",
            "is the project's own consortium; a comparator is compared with it");
  }
  if (p.comparator_ids.size() > 50) v.Add(prefix + "comparator_organisations", "at most 50 organisations");
  CheckList(v, prefix + "procedure_codes", p.procedure_codes, IsValidProcedureCode,
            "an OPCS-4 or HRG4 code such as W37.1 or HB12C");
  if (!v.empty()) return v.ToError("INVALID_PROJECT");
  return Ok{};
}

bool IsAllowedTransition(int from, int to) {
  if (from == to) return true;
  switch (from) {
    case kProposed: return to == kApproved || to == kCancelled;
    case kApproved: return to == kActive || to == kOnHold || to == kCancelled;
    case kActive: return to == kOnHold || to == kCompleted || to == kCancelled;
    case kOnHold: return to == kActive || to == kCancelled;
    default: return false;  // completed and cancelled are final
  }
}

Outcome ApplyTransition(store::ProjectRecord& project, int to, CivilDate today) {
  if (!IsKnownState(to)) {
    Violations v;
    v.Add("project.state", std::to_string(to) + " is not a known project state");
    return v.ToError("INVALID_PROJECT");
  }
  if (!IsAllowedTransition(project.state, to))
    return FailedPrecondition("INVALID_STATE_TRANSITION", "project " + project.code + " cannot go from " +
                                                              StateLabel(project.state) + " to " + StateLabel(to));
  if (to == kActive && project.actual_start.empty()) project.actual_start = today.ToString();
  if (to == kCompleted && project.actual_end.empty()) project.actual_end = today.ToString();
  project.state = to;
  return Ok{};
}

Outcome NormaliseStatusUpdate(store::StatusUpdateRecord& u, CivilDate today, const std::string& prefix) {
  u.narrative = Trim(u.narrative);
  u.date = Trim(u.date);
  if (u.date.empty()) u.date = today.ToString();
  Violations v;
  const auto date = CivilDate::Parse(u.date);
  if (!date)
    v.Add(prefix + "date", DateProblem(u.date));
  else if (today < *date)
    v.Add(prefix + "date", "must not be in the future");
  CheckText(v, prefix + "narrative", u.narrative, 1, 4 * kMaxTextLength);
  if (u.rag < 1 || u.rag > kRagMax) v.Add(prefix + "rag", "is required: green, amber or red");
  if (!v.empty()) return v.ToError("INVALID_STATUS_UPDATE");
  return Ok{};
}

const std::vector<std::string>& ProjectUpdatableFields() {
  static const std::vector<std::string> fields = {
      "title",          "summary",          "consortium",        "lead_contact",    "state",
      "planned_start_date", "planned_end_date", "actual_start_date", "actual_end_date", "investment_pence",
      "partners",       "procedure_codes",  "comparator_organisations"};
  return fields;
}

void ApplyProjectPatch(store::ProjectRecord& target, const store::ProjectRecord& patch,
                       const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path == "title") target.title = patch.title;
    if (path == "summary") target.summary = patch.summary;
    if (path == "consortium") target.consortium_id = patch.consortium_id;
    if (path == "lead_contact") {
      target.lead_contact_organisation_id = patch.lead_contact_organisation_id;
      target.lead_contact_id = patch.lead_contact_id;
    }
    if (path == "planned_start_date") target.planned_start = patch.planned_start;
    if (path == "planned_end_date") target.planned_end = patch.planned_end;
    if (path == "actual_start_date") target.actual_start = patch.actual_start;
    if (path == "actual_end_date") target.actual_end = patch.actual_end;
    if (path == "investment_pence") target.investment_pence = patch.investment_pence;
    if (path == "partners") target.partners = patch.partners;
    if (path == "procedure_codes") target.procedure_codes = patch.procedure_codes;
    if (path == "comparator_organisations") target.comparator_ids = patch.comparator_ids;
    // "state" goes through ApplyTransition, which knows the rules.
  }
}

}  // namespace kmhub::domain
