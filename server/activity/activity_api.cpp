#include "server/activity/activity_api.h"

#include <algorithm>
#include <map>
#include <set>

#include "server/platform/rpc/import_problems.h"
#include "server/platform/rules/procedure_code.h"
#include "server/platform/rules/text_rules.h"
#include "server/platform/rpc/metrics.h"
#include "server/activity/activity_csv.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/platform/rpc/upload.h"
#include "server/activity/roi.h"
#include "server/activity/roi_ranking.h"
#include "server/activity/roi_scope.h"
#include "shared/page_token.h"
#include "shared/civil_date.h"
#include "shared/month.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

namespace {

// An activity row ("Y00001,W371,2009-04,12,3840.00") is well under this: the upload limit is
// this many bytes per row of --max-import-rows.
constexpr std::size_t kMaxBytesPerRow = 256;

constexpr int kDefaultWindowMonths = 12;
constexpr int kMaxWindowMonths = 60;
constexpr int kMaxComparators = 50;
constexpr int kMembershipType = store::RelationshipType::kConsortiumMembership;

std::optional<Month> MonthOf(const std::string& date) {
  return date.size() >= 7 ? Month::Parse(std::string_view(date).substr(0, 7)) : std::nullopt;
}

kmhub::v1::RoiWindowState StateOf(const domain::WindowFigures& w);

void ToProto(const domain::WindowFigures& w, kmhub::v1::RoiWindow* out) {
  out->set_state(StateOf(w));
  if (w.first) out->set_first_month(w.first->ToString());
  if (w.last) out->set_last_month(w.last->ToString());
  out->set_months_covered(w.months_covered);
  out->set_months_with_data(w.months_with_data);
  out->set_procedures(w.procedures);
  out->set_spend_pence(w.spend_pence);
  if (w.procedures_per_month) out->set_procedures_per_month(*w.procedures_per_month);
  if (w.procedures_per_pound) out->set_procedures_per_pound(*w.procedures_per_pound);
  if (w.cost_per_procedure) out->set_cost_per_procedure(*w.cost_per_procedure);
}

// The dates and investment of a project; the windows' data is added by the caller.
domain::RoiInput InputFor(const store::ProjectRecord& project, int window) {
  domain::RoiInput input;
  input.start = MonthOf(project.actual_start.empty() ? project.planned_start : project.actual_start);
  input.end = MonthOf(project.actual_end.empty() ? project.planned_end : project.actual_end);
  input.window_months = window;
  input.investment_pence = project.investment_pence;
  input.has_scope = project.consortium_id != 0;
  input.cancelled = project.state == domain::kCancelled;
  return input;
}

std::optional<Month> Latest(const std::vector<store::MonthlyActivity>& rows) {
  std::optional<Month> latest;
  for (const auto& r : rows)
    if (!latest || r.month > *latest) latest = r.month;
  return latest;
}

kmhub::v1::RoiWindowState StateOf(const domain::WindowFigures& w) {
  return static_cast<kmhub::v1::RoiWindowState>(static_cast<int>(w.state) + 1);
}

kmhub::v1::RoiBenchmark ToProto(domain::Benchmark b) {
  switch (b) {
    case domain::Benchmark::kAboveMedian: return kmhub::v1::ROI_BENCHMARK_ABOVE_MEDIAN;
    case domain::Benchmark::kAtMedian: return kmhub::v1::ROI_BENCHMARK_AT_MEDIAN;
    case domain::Benchmark::kBelowMedian: return kmhub::v1::ROI_BENCHMARK_BELOW_MEDIAN;
    case domain::Benchmark::kNoPeers: return kmhub::v1::ROI_BENCHMARK_NO_PEERS;
    case domain::Benchmark::kNotRanked: return kmhub::v1::ROI_BENCHMARK_NOT_RANKED;
  }
  return kmhub::v1::ROI_BENCHMARK_UNSPECIFIED;
}

std::vector<domain::MonthlyTotal> ToDomain(const std::vector<store::MonthlyActivity>& rows) {
  std::vector<domain::MonthlyTotal> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.month, r.procedures, r.cost_pence});
  return out;
}

}  // namespace

Expected<store::ActivityScope> ActivityApi::ScopeOf(const store::ProjectRecord& project) {
  if (!project.consortium_id) return domain::ScopeOf(project, domain::Memberships({}));
  store::RelationshipQuery query;
  query.organisation_id = project.consortium_id;
  query.type = kMembershipType;
  query.position.page_size = 1000;
  KMHUB_ASSIGN_OR_RETURN(const auto page, relationships_.List(query));
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  for (const auto& r : page.items) pairs.emplace_back(r.organisation_id, r.related_organisation_id);
  return domain::ScopeOf(project, domain::Memberships(pairs));
}

grpc::Status ActivityApi::ImportProcedures(grpc::ServerContext* ctx, const kmhub::v1::ImportProceduresRequest* req,
                                           kmhub::v1::ImportProceduresResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("the hub-wide procedure catalogue"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto file,
                             domain::ReadCatalogueFile(req->csv_data(), static_cast<std::size_t>(max_import_rows_)));
  if (!file.problems.empty())
    return AnswerImportProblems(domain::ActivityProblems(file.problems), req->problems_in_response(),
                                out->mutable_problems());
  if (!req->dry_run()) KMHUB_RPC_TRY(activity_.UpsertProcedures(file.procedures));
  out->set_rows_read(file.rows_read);
  out->set_procedures(static_cast<int>(file.procedures.size()));
  out->set_tariffs(file.tariffs);
  out->set_dry_run(req->dry_run());
  return grpc::Status::OK;
}

grpc::Status ActivityApi::ImportActivity(grpc::ServerContext* ctx,
                                         grpc::ServerReader<kmhub::v1::ImportActivityChunk>* reader,
                                         kmhub::v1::ImportActivityResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  // Activity belongs to organisations; a scoped caller would have to be checked row by row, and
  // an import is hub-wide admin work.
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide activity imports"));
  KMHUB_RPC_ASSIGN_OR_RETURN(
      const auto upload,
      ReadUpload(reader, static_cast<std::size_t>(max_import_rows_), kMaxBytesPerRow, 4096, "rows", "csv_data",
                 [](const kmhub::v1::ImportActivityChunk& c) -> const std::string& { return c.csv_data(); },
                 [](kmhub::v1::ImportActivityChunk& c) { c.clear_csv_data(); }));
  const std::string& text = upload.data;
  const bool dry_run = upload.options.dry_run(), problems_in_response = upload.options.problems_in_response();
  KMHUB_RPC_TRY(domain::ValidateRequestId(upload.options.request_id()));
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto catalogue, activity_.Procedures({}));
  const auto lookup = organisations_.OdsLookup();
  KMHUB_RPC_ASSIGN_OR_RETURN(
      const auto file, domain::ReadActivityFile(text, lookup, catalogue, static_cast<std::size_t>(max_import_rows_)));
  if (!file.problems.empty())
    return AnswerImportProblems(domain::ActivityProblems(file.problems), problems_in_response, out->mutable_problems());
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto written,
                             activity_.ReplaceActivity(file.rows, dry_run, upload.options.request_id()));
  out->set_rows_read(file.rows_read);
  out->set_rows_written(static_cast<std::int64_t>(file.rows.size()));
  out->set_rows_replaced(written.replaced);
  out->set_dry_run(dry_run);
  if (!dry_run && !written.replayed)
    Metrics::Global().AddImportRows("activity", static_cast<std::int64_t>(file.rows.size()));
  return grpc::Status::OK;
}

grpc::Status ActivityApi::ComputeProjectRoi(grpc::ServerContext* ctx, const kmhub::v1::ComputeProjectRoiRequest* req,
                                            kmhub::v1::ProjectRoi* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->name()));
  KMHUB_RPC_TRY(caller.Reaches([&] { return projects_.InvolvedOrganisations(code); }, ProjectName(code)));
  Violations v;
  if (req->window_months() < 0 || req->window_months() > kMaxWindowMonths)
    v.Add("window_months", "must be between 1 and " + std::to_string(kMaxWindowMonths) + " (0 for 12)");
  if (req->comparator_organisations_size() > kMaxComparators)
    v.Add("comparator_organisations", "at most " + std::to_string(kMaxComparators) + " organisations");
  if (!v.empty()) return ToGrpcStatus(v.ToError());
  std::vector<std::int64_t> comparators;
  for (int i = 0; i < req->comparator_organisations_size(); ++i) {
    KMHUB_RPC_ASSIGN_OR_RETURN(
        const auto id, ParseOrganisationName(req->comparator_organisations(i),
                                             "comparator_organisations[" + std::to_string(i) + "]"));
    comparators.push_back(id);
  }
  const int window = req->window_months() == 0 ? kDefaultWindowMonths : req->window_months();

  // A comparator that does not exist is NOT_FOUND, as it is for a project's own comparators.
  for (auto id : comparators) KMHUB_RPC_TRY(organisations_.Get(id));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto project, projects_.Get(code));
  // The request's comparators, else the project's own.
  if (comparators.empty()) comparators = project.comparator_ids;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto scope, ScopeOf(project));

  domain::RoiInput input = InputFor(project, window);
  KMHUB_RPC_ASSIGN_OR_RETURN(input.latest_data, activity_.LatestMonth(scope));
  if (input.start && input.latest_data) {
    // Everything the windows can reach, summed per month in SQL.
    const Month from = input.start->Plus(-window);
    const Month to = input.end ? std::max(input.end->Plus(window), *input.start) : *input.latest_data;
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto totals, activity_.MonthlyTotals(scope, from, to));
    input.project = ToDomain(totals);
    if (!comparators.empty()) {
      input.has_comparator = true;
      KMHUB_RPC_ASSIGN_OR_RETURN(const auto theirs,
                                 activity_.MonthlyTotals({comparators, scope.procedure_codes}, from, to));
      input.comparator = ToDomain(theirs);
    }
  }
  const auto roi = domain::ComputeRoi(input);

  out->set_project(ProjectName(code));
  out->set_window_months(window);
  ToProto(roi.before, out->mutable_before());
  ToProto(roi.during, out->mutable_during());
  ToProto(roi.after, out->mutable_after());
  if (roi.change.per_pound) out->set_change_per_pound(*roi.change.per_pound);
  if (roi.change.per_pound_percent) out->set_change_per_pound_percent(*roi.change.per_pound_percent);
  if (roi.change.per_month) out->set_change_per_month(*roi.change.per_month);
  if (roi.investment_return) out->set_investment_return(*roi.investment_return);
  if (roi.comparator_before) ToProto(*roi.comparator_before, out->mutable_comparator_before());
  if (roi.comparator_after) ToProto(*roi.comparator_after, out->mutable_comparator_after());
  if (roi.net_change_per_pound) out->set_net_change_per_pound(*roi.net_change_per_pound);
  if (roi.net_change_per_month) out->set_net_change_per_month(*roi.net_change_per_month);
  for (auto id : scope.organisation_ids) out->add_organisations(OrganisationName(id));
  for (const auto& c : scope.procedure_codes) out->add_procedures(c);
  if (input.latest_data) out->set_latest_month(input.latest_data->ToString());
  return grpc::Status::OK;
}

grpc::Status ActivityApi::RankProjectRoi(grpc::ServerContext* ctx, const kmhub::v1::RankProjectRoiRequest* req,
                                         kmhub::v1::RankProjectRoiResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  Violations v;
  if (req->window_months() < 0 || req->window_months() > kMaxWindowMonths)
    v.Add("window_months", "must be between 1 and " + std::to_string(kMaxWindowMonths) + " (0 for 12)");
  std::set<int> states;
  for (int i = 0; i < req->states_size(); ++i) {
    if (!kmhub::v1::ProjectState_IsValid(req->states(i)) || req->states(i) == kmhub::v1::PROJECT_STATE_UNSPECIFIED)
      v.Add("states[" + std::to_string(i) + "]", "not a project state");
    states.insert(req->states(i));
  }
  if (!v.empty()) return ToGrpcStatus(v.ToError());
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size() == 0 ? 100 : req->page_size(), 1000));
  std::int64_t consortium = 0;
  if (!req->consortium().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(consortium, ParseOrganisationName(req->consortium(), "consortium"));
    // As in GetPortfolio: a scoped caller sees only its own projects and learns nothing of
    // whether another organisation exists.
    if (!caller.scoped()) KMHUB_RPC_TRY(organisations_.Get(consortium));
  }
  const int window = req->window_months() == 0 ? kDefaultWindowMonths : req->window_months();
  std::string canonical = "roi-rank|" + std::to_string(consortium) + "|" + std::to_string(window) + "|";
  for (int s : states) canonical += std::to_string(s) + ",";
  const auto fingerprint = QueryFingerprint(canonical);
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));

  KMHUB_RPC_ASSIGN_OR_RETURN(auto all, projects_.Records(consortium, caller.principal().organisation.value_or(0)));
  std::vector<store::ProjectRecord> projects;
  for (auto& p : all)
    if (states.empty() || states.count(p.state)) projects.push_back(std::move(p));

  // Each project's scope (roi_scope.h), from every membership read once.
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto pairs, relationships_.PairsOfType(kMembershipType));
  const domain::Memberships memberships(pairs);
  std::vector<store::ProjectScope> scopes;
  scopes.reserve(projects.size());
  for (const auto& p : projects) scopes.push_back({p.id, domain::ScopeOf(p, memberships)});
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto totals, activity_.ProjectMonthlyTotals(scopes));

  std::vector<domain::RoiResult> results;
  std::vector<domain::RankInput> ranking;
  results.reserve(projects.size());
  for (const auto& p : projects) {
    domain::RoiInput input = InputFor(p, window);
    const auto& rows = totals.at(p.id);
    input.latest_data = Latest(rows);
    input.project = ToDomain(rows);
    results.push_back(domain::ComputeRoi(input));
    ranking.push_back({p.code, results.back().change.per_pound_percent});
  }
  const auto ranked = domain::RankByChange(ranking);

  std::vector<double> changes;
  for (const auto& r : ranking)
    if (r.change_percent) changes.push_back(*r.change_percent);
  std::sort(changes.begin(), changes.end());
  out->set_window_months(window);
  out->set_total(static_cast<int>(projects.size()));
  out->set_ranked(static_cast<int>(changes.size()));
  if (const auto median = domain::Median(changes)) out->set_median_change_percent(*median);
  const auto first = static_cast<std::size_t>(std::max<std::int64_t>(cursor.last_id, 0));
  const auto last = std::min(ranked.size(), first + static_cast<std::size_t>(page_size));
  for (std::size_t i = first; i < last; ++i) {
    const auto& e = ranked[i];
    const auto& p = projects[e.index];
    const auto& r = results[e.index];
    auto* row = out->add_projects();
    row->set_project(ProjectName(p.code));
    row->set_title(p.title);
    if (p.consortium_id) row->set_consortium(OrganisationName(p.consortium_id));
    row->set_state(static_cast<kmhub::v1::ProjectState>(p.state));
    row->set_rank(e.rank);
    row->set_before_state(StateOf(r.before));
    row->set_after_state(StateOf(r.after));
    if (r.before.procedures_per_pound) row->set_before_per_pound(*r.before.procedures_per_pound);
    if (r.after.procedures_per_pound) row->set_after_per_pound(*r.after.procedures_per_pound);
    if (r.change.per_pound) row->set_change_per_pound(*r.change.per_pound);
    if (r.change.per_pound_percent) row->set_change_per_pound_percent(*r.change.per_pound_percent);
    if (r.investment_return) row->set_investment_return(*r.investment_return);
    if (e.peer_median) row->set_peer_median_change_percent(*e.peer_median);
    if (e.versus_median) row->set_versus_peer_median(*e.versus_median);
    row->set_benchmark(ToProto(e.benchmark));
    if (e.rank == 0) row->set_not_ranked_because(domain::NoChangeReason(r));
  }
  if (last < ranked.size())
    out->set_next_page_token(EncodePageToken({fingerprint, "", static_cast<std::int64_t>(last)}));
  return grpc::Status::OK;
}

grpc::Status ActivityApi::ListActivity(grpc::ServerContext* ctx, const kmhub::v1::ListActivityRequest* req,
                                       kmhub::v1::ListActivityResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  store::ActivityFilter filter;
  Violations v;
  if (!req->organisation().empty()) {
    auto id = ParseOrganisationName(req->organisation(), "organisation");
    if (!id) return ToGrpcStatus(id.error());
    filter.organisation_id = *id;
  }
  if (caller.scoped() && (filter.organisation_id == 0 || !caller.Covers(filter.organisation_id)))
    return ToGrpcStatus(caller.OutOfScope(filter.organisation_id == 0 ? "activity of every organisation"
                                                                      : req->organisation()));
  if (!req->procedure().empty()) {
    auto code = domain::NormaliseProcedureCode(req->procedure());
    if (!code) return ToGrpcStatus(code.error());
    filter.procedure_code = code->code;
  }
  auto month = [&](const std::string& text, const char* field) -> std::optional<Month> {
    if (text.empty()) return std::nullopt;
    const auto m = Month::Parse(text);
    if (!m) v.Add(field, "'" + text.substr(0, 20) + "' is not a month of the form YYYY-MM");
    return m;
  };
  filter.from = month(req->from_month(), "from_month");
  filter.to = month(req->to_month(), "to_month");
  if (filter.from && filter.to && *filter.to < *filter.from) v.Add("to_month", "is before from_month");
  const auto group = req->group_by() == kmhub::v1::ACTIVITY_GROUPING_PROCEDURE      ? store::ActivityGroup::kProcedure
                     : req->group_by() == kmhub::v1::ACTIVITY_GROUPING_ORGANISATION ? store::ActivityGroup::kOrganisation
                                                                                     : store::ActivityGroup::kMonth;
  if (!kmhub::v1::ActivityGrouping_IsValid(req->group_by())) v.Add("group_by", "is not a grouping");
  if (!v.empty()) return ToGrpcStatus(v.ToError());
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size() == 0 ? 100 : req->page_size(), 1000));
  const auto fingerprint = QueryFingerprint("activity|" + std::to_string(filter.organisation_id) + "|" +
                                            filter.procedure_code + "|" + req->from_month() + "|" + req->to_month() +
                                            "|" + std::to_string(static_cast<int>(group)));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  if (filter.organisation_id != 0) KMHUB_RPC_TRY(organisations_.Get(filter.organisation_id));  // NOT_FOUND
  const bool by_organisation = group == store::ActivityGroup::kOrganisation;
  KMHUB_RPC_ASSIGN_OR_RETURN(auto totals,
                             activity_.Totals(filter, group, cursor.last_sort_value,
                                              by_organisation ? cursor.last_id : 0, page_size));
  const bool more = static_cast<int>(totals.size()) > page_size;
  if (more) totals.pop_back();
  std::map<std::string, std::string> descriptions;
  std::map<std::int64_t, std::string> organisation_names;
  if (group == store::ActivityGroup::kOrganisation) {
    std::vector<std::int64_t> ids;
    for (const auto& t : totals) ids.push_back(t.organisation_id);
    KMHUB_RPC_ASSIGN_OR_RETURN(organisation_names, organisations_.DisplayNames(ids));
  }
  if (group == store::ActivityGroup::kProcedure) {
    std::vector<std::string> codes;
    for (const auto& t : totals) codes.push_back(t.key);
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto procedures, activity_.Procedures(codes));
    for (const auto& p : procedures) descriptions[p.code] = p.description;
  }
  for (const auto& t : totals) {
    auto* row = out->add_totals();
    if (group == store::ActivityGroup::kOrganisation) {
      row->set_key(OrganisationName(t.organisation_id));
      row->set_label(organisation_names[t.organisation_id]);
    } else {
      row->set_key(t.key);
      if (group == store::ActivityGroup::kProcedure) row->set_label(descriptions[t.key]);
    }
    row->set_procedures(t.procedures);
    row->set_cost_pence(t.cost_pence);
  }
  // The cursor: the last month or code, or the last organisation's id (an id of 0 would read
  // as "no cursor", so a month or code is marked with 1).
  if (more && !totals.empty())
    out->set_next_page_token(EncodePageToken(
        {fingerprint, totals.back().key,
         group == store::ActivityGroup::kOrganisation ? totals.back().organisation_id : std::int64_t{1}}));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto all, activity_.GrandTotal(filter));
  out->set_procedures(all.procedures);
  out->set_cost_pence(all.cost_pence);
  return grpc::Status::OK;
}

grpc::Status ActivityApi::ListProcedures(grpc::ServerContext* ctx, const kmhub::v1::ListProceduresRequest* req,
                                         kmhub::v1::ListProceduresResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  int year = 0;
  if (!req->financial_year().empty()) {
    const auto parsed = ParseFinancialYear(req->financial_year());
    if (!parsed)
      return ToGrpcStatus(InvalidArgument("INVALID_FINANCIAL_YEAR",
                                          "'" + req->financial_year().substr(0, 20) +
                                              "' is not a financial year (2009/10, 2009-10 or 2009)",
                                          {{"financial_year", "not a financial year"}}));
    year = *parsed;
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size() == 0 ? 100 : req->page_size(), 1000));
  const auto fingerprint = QueryFingerprint("procedures|" + std::to_string(year));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto page, activity_.ProcedurePage(cursor.last_sort_value, year, page_size));
  const bool more = static_cast<int>(page.size()) > page_size;
  if (more) page.pop_back();
  for (const auto& p : page) {
    auto* procedure = out->add_procedures();
    procedure->set_code(p.code);
    procedure->set_display_code(domain::DisplayProcedureCode(p.code));
    procedure->set_kind(p.kind == static_cast<int>(domain::ProcedureKind::kHrg4) ? "HRG4" : "OPCS-4");
    procedure->set_description(p.description);
    for (const auto& [fy, pence] : p.tariff_pence) {
      auto* tariff = procedure->add_tariffs();
      tariff->set_financial_year(fy);
      tariff->set_label(FinancialYearLabel(fy));
      tariff->set_tariff_pence(pence);
    }
  }
  if (more && !page.empty()) out->set_next_page_token(EncodePageToken({fingerprint, page.back().code, 1}));
  return grpc::Status::OK;
}

}  // namespace kmhub::api
