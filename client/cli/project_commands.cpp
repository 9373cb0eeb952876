#include "client/cli/project_commands.h"

#include <google/protobuf/util/time_util.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "client/cli/enum_names.h"
#include "shared/link_notation.h"

namespace kmhub::cli {

namespace {

using namespace kmhub::v1;

struct ProjectFlags {
  std::string code, title, summary, consortium, lead, state, start, end, rag, partner, from, to, page_token;
  std::string on, actual_start, actual_end;
  std::vector<std::string> partners, procedures, comparators;
  double investment_pounds = -1;
  int page_size = 0;
  bool all = false, critical_path = false;
  // milestones and updates
  std::string milestone, due, baseline, completed, owner, narrative, author, date;
  std::vector<std::string> after;
  int percent = -1;
  std::string file, format;
  bool dry_run = false;
};

const google::protobuf::EnumDescriptor* StateType() { return ProjectState_descriptor(); }
const google::protobuf::EnumDescriptor* RagType() { return Rag_descriptor(); }
const google::protobuf::EnumDescriptor* RoleType() { return PartnerRole_descriptor(); }

// Display names of the organisations a command prints, fetched once each (a listing names a
// handful of consortia and partners); the resource name stands in if one cannot be read.
class OrganisationNames {
 public:
  explicit OrganisationNames(CommandContext& ctx) : ctx_(ctx) {}
  std::string operator()(const std::string& name) {
    if (name.empty()) return "";
    auto [it, inserted] = names_.try_emplace(name, name);
    if (inserted) {
      Organisation o;
      if (ctx_.client().GetOrganisation(name, &o).ok()) it->second = o.display_name();
    }
    return it->second;
  }
  // A contact's display name ("organisations/3/contacts/9" -> "Thomas Grant").
  std::string Contact(const std::string& name) {
    if (name.empty()) return "";
    auto [it, inserted] = names_.try_emplace(name, name);
    if (inserted) {
      kmhub::v1::Contact c;
      if (ctx_.client().GetContact(name, &c).ok()) it->second = c.display_name();
    }
    return it->second;
  }

 private:
  CommandContext& ctx_;
  std::map<std::string, std::string> names_;
};

std::string ProjectArgument(const std::string& text) {
  return text.rfind("projects/", 0) == 0 ? text : "projects/" + text;
}
// "7" within a project -> its milestone name.
std::string MilestoneArgument(const std::string& project, const std::string& text) {
  return text.find('/') == std::string::npos ? ProjectArgument(project) + "/milestones/" + text : text;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool ParseEnumFlag(CommandContext& ctx, const google::protobuf::EnumDescriptor* type, const std::string& what,
                   const std::string& text, int* out) {
  if (text.empty()) return true;
  const auto value = ParseEnum(type, text);
  if (!value) {
    ctx.exit_code = ctx.BadInput("unknown " + what + " '" + text + "'; use one of: " + EnumChoices(type));
    return false;
  }
  *out = *value;
  return true;
}

std::vector<std::string> Row(const Project& p, OrganisationNames& names) {
  return {p.code(), p.title(), EnumLabel(StateType(), p.state()), Upper(EnumLabel(RagType(), p.rag())),
          names(p.consortium()), p.planned_start_date(), p.planned_end_date(), Money(p.investment_pence())};
}
Table ListTable() { return {{"CODE", "TITLE", "STATE", "RAG", "CONSORTIUM", "START", "END", "INVESTMENT"}, {}}; }

// "2009-04-01 to 2010-03-31", "from 2009-04-01", "to 2010-03-31", or nothing.
std::string Period(const std::string& start, const std::string& end) {
  if (start.empty() && end.empty()) return "";
  if (end.empty()) return "from " + start;
  if (start.empty()) return "to " + end;
  return start + " to " + end;
}

Table RecordTable(const Project& p) {
  std::vector<std::string> partners;
  for (const auto& partner : p.partners()) partners.push_back(partner.organisation() + " (" + EnumLabel(RoleType(), partner.role()) + ")");
  Table t{{"Name", "Title", "State", "RAG", "Consortium", "Lead contact", "Planned", "Actual", "Investment", "Partners",
           "Procedures", "Comparators", "Summary", "Etag"},
          {}};
  t.rows.push_back({p.name(), p.title(), EnumLabel(StateType(), p.state()), Upper(EnumLabel(RagType(), p.rag())),
                    p.consortium(), p.lead_contact(), Period(p.planned_start_date(), p.planned_end_date()),
                    Period(p.actual_start_date(), p.actual_end_date()), Money(p.investment_pence()),
                    Join(partners), Join({p.procedure_codes().begin(), p.procedure_codes().end()}),
                    Join({p.comparator_organisations().begin(), p.comparator_organisations().end()}), p.summary(),
                    p.etag()});
  return t;
}

std::string MilestoneLine(const Milestone& m) {
  std::string line = m.title() + ", due " + m.due_date();
  if (m.slippage_days() != 0) line += " (slipped " + std::to_string(m.slippage_days()) + " days from " + m.baseline_due_date() + ")";
  if (m.overdue()) line += ", " + std::to_string(m.days_overdue()) + " days overdue";
  else if (m.due_soon()) line += ", due soon";
  return line;
}

Table MilestoneTable(const ListMilestonesResponse& r) {
  Table t{{"ID", "TITLE", "OWNER", "START", "BASELINE", "DUE", "SLIP", "DONE", "%", "STATUS", "AFTER"}, {}};
  for (const auto& m : r.milestones()) {
    // Predecessors as MS Project writes them: "3", "4SS+2d".
    std::vector<std::string> after;
    for (const auto& link : m.links())
      after.push_back(link.predecessor().substr(link.predecessor().rfind('/') + 1) +
                      LinkNotation(link.type(), link.lag_days()));
    const std::string owner = m.owner_organisation().empty() ? ""
                              : m.owner_display_name().empty()
                                  ? m.owner_organisation()
                                  : m.owner_display_name() + " (" + m.owner_organisation().substr(m.owner_organisation().rfind('/') + 1) + ")";
    const std::string status = !m.completion_date().empty() ? "done" : m.overdue() ? std::to_string(m.days_overdue()) + "d overdue" : m.due_soon() ? "due soon" : "";
    t.rows.push_back({m.name().substr(m.name().rfind('/') + 1), m.title(), owner, m.start_date(), m.baseline_due_date(), m.due_date(),
                      std::to_string(m.slippage_days()), m.completion_date(), std::to_string(m.percent_complete()), status,
                      Join(after)});
  }
  return t;
}

// "--partner 3:delivery-partner" (repeatable) into the project's partners.
bool AddPartners(CommandContext& ctx, const std::vector<std::string>& specs, Project* p) {
  for (const auto& spec : specs) {
    if (spec.empty()) continue;  // --partner '' clears the list
    const auto colon = spec.find(':');
    int role = 0;
    if (colon == std::string::npos || !ParseEnumFlag(ctx, RoleType(), "partner role", spec.substr(colon + 1), &role)) {
      if (ctx.exit_code == kExitOk) ctx.exit_code = ctx.BadInput("--partner takes ORGANISATION:ROLE, e.g. 3:delivery-partner");
      return false;
    }
    auto* partner = p->add_partners();
    partner->set_organisation(OrganisationArgument(spec.substr(0, colon)));
    partner->set_role(static_cast<PartnerRole>(role));
  }
  return true;
}

int Create(CommandContext& ctx, const ProjectFlags& f) {
  CreateProjectRequest request;
  auto* p = request.mutable_project();
  p->set_code(f.code);
  p->set_title(f.title);
  p->set_summary(f.summary);
  if (!f.consortium.empty()) p->set_consortium(OrganisationArgument(f.consortium));
  p->set_lead_contact(f.lead);
  int state = 0;
  if (!ParseEnumFlag(ctx, StateType(), "project state", f.state, &state)) return ctx.exit_code;
  p->set_state(static_cast<ProjectState>(state));
  p->set_planned_start_date(f.start);
  p->set_planned_end_date(f.end);
  if (f.investment_pounds >= 0) p->set_investment_pence(std::llround(f.investment_pounds * 100));
  if (!AddPartners(ctx, f.partners, p)) return ctx.exit_code;
  for (const auto& c : f.procedures) p->add_procedure_codes(c);
  for (const auto& c : f.comparators) p->add_comparator_organisations(OrganisationArgument(c));
  Project created;
  if (auto status = ctx.client().CreateProject(request, &created); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(created, RecordTable(created));
}

int Get(CommandContext& ctx, const ProjectFlags& f) {
  Project p;
  if (auto status = ctx.client().GetProject(ProjectArgument(f.code), &p); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(p, RecordTable(p));
}

int List(CommandContext& ctx, const ProjectFlags& f) {
  ListProjectsRequest request;
  if (!f.consortium.empty()) request.set_consortium(OrganisationArgument(f.consortium));
  if (!f.partner.empty()) request.set_partner(OrganisationArgument(f.partner));
  int state = 0, rag = 0;
  if (!ParseEnumFlag(ctx, StateType(), "project state", f.state, &state) ||
      !ParseEnumFlag(ctx, RagType(), "RAG rating", f.rag, &rag))
    return ctx.exit_code;
  request.set_state(static_cast<ProjectState>(state));
  request.set_rag(static_cast<Rag>(rag));
  request.set_active_from(f.from);
  request.set_active_to(f.to);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  ListProjectsResponse all;
  auto status = FetchPages(
      request, f.all, &all, [&](const auto& r, auto* page) { return ctx.client().ListProjects(r, page); },
      [](auto& response) { return response.mutable_projects(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table = ListTable();
  OrganisationNames names(ctx);
  for (const auto& p : all.projects())
    table.rows.push_back(ctx.format() == OutputFormat::kJson ? std::vector<std::string>{} : Row(p, names));
  return EmitPages(ctx, all, table);
}

int SetState(CommandContext& ctx, const ProjectFlags& f) {
  UpdateProjectRequest request;
  request.mutable_project()->set_name(ProjectArgument(f.code));
  int state = 0;
  if (!ParseEnumFlag(ctx, StateType(), "project state", f.state, &state)) return ctx.exit_code;
  request.mutable_project()->set_state(static_cast<ProjectState>(state));
  request.mutable_update_mask()->add_paths("state");
  // The day it really happened, for a project recorded after the fact (default: today).
  if (!f.on.empty()) {
    if (state == kmhub::v1::PROJECT_STATE_ACTIVE) {
      request.mutable_project()->set_actual_start_date(f.on);
      request.mutable_update_mask()->add_paths("actual_start_date");
    } else if (state == kmhub::v1::PROJECT_STATE_COMPLETED) {
      request.mutable_project()->set_actual_end_date(f.on);
      request.mutable_update_mask()->add_paths("actual_end_date");
    } else {
      return ctx.BadInput("--on dates a start (active) or a completion (completed); " + f.state + " has no date");
    }
  }
  Project updated;
  if (auto status = ctx.client().UpdateProject(request, &updated); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(updated, RecordTable(updated));
}

int Update(CommandContext& ctx, const ProjectFlags& f, const CLI::App& cmd) {
  UpdateProjectRequest request;
  auto* p = request.mutable_project();
  p->set_name(ProjectArgument(f.code));
  MaskedUpdate<Project> update(cmd, p, request.mutable_update_mask());
  update.Text("--title", "title", f.title, &Project::set_title);
  update.Text("--summary", "summary", f.summary, &Project::set_summary);
  update.Text("--start", "planned_start_date", f.start, &Project::set_planned_start_date);
  update.Text("--end", "planned_end_date", f.end, &Project::set_planned_end_date);
  update.Text("--lead", "lead_contact", f.lead, &Project::set_lead_contact);
  update.Text("--actual-start", "actual_start_date", f.actual_start, &Project::set_actual_start_date);
  update.Text("--actual-end", "actual_end_date", f.actual_end, &Project::set_actual_end_date);
  if (update.Given("--partner", "partners") && !AddPartners(ctx, f.partners, p)) return ctx.exit_code;
  if (update.Given("--consortium", "consortium"))
    p->set_consortium(f.consortium.empty() ? "" : OrganisationArgument(f.consortium));
  if (update.Given("--investment", "investment_pence")) p->set_investment_pence(std::llround(f.investment_pounds * 100));
  if (update.Given("--procedure", "procedure_codes"))
    for (const auto& c : f.procedures) p->add_procedure_codes(c);
  if (update.Given("--comparator", "comparator_organisations"))
    for (const auto& c : f.comparators)
      if (!c.empty()) p->add_comparator_organisations(OrganisationArgument(c));  // --comparator '' clears
  if (update.empty()) return ctx.BadInput("nothing to update: give at least one field flag (see --help)");
  Project updated;
  if (auto status = ctx.client().UpdateProject(request, &updated); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(updated, RecordTable(updated));
}

int Delete(CommandContext& ctx, const ProjectFlags& f) {
  DeleteProjectRequest request;
  request.set_name(ProjectArgument(f.code));
  if (auto status = ctx.client().DeleteProject(request); !status.ok()) return ctx.Fail(status);
  std::cerr << "deleted " << request.name() << '\n';
  return kExitOk;
}

void PrintStatus(const ProjectStatus& s, OrganisationNames& names) {
  const auto& p = s.project();
  std::cout << p.code() << "  " << p.title() << "\n";
  std::cout << "State:       " << EnumLabel(StateType(), p.state());
  if (!p.actual_start_date().empty()) std::cout << " (started " << p.actual_start_date() << ")";
  std::cout << "; planned " << p.planned_start_date() << " to " << p.planned_end_date() << "\n";
  if (!p.consortium().empty()) std::cout << "Consortium:  " << names(p.consortium()) << "\n";
  if (!p.lead_contact().empty()) std::cout << "Lead:        " << names.Contact(p.lead_contact()) << "\n";
  std::cout << "RAG:         " << Upper(EnumLabel(RagType(), s.rag())) << " - "
            << (s.rag_reasons_size() ? s.rag_reasons(0).description() : "") << " [" << s.rag_rule() << "]\n";
  for (int i = 1; i < s.rag_reasons_size(); ++i) std::cout << "             also: " << s.rag_reasons(i).description() << "\n";
  if (s.has_next_milestone()) std::cout << "Next:        " << MilestoneLine(s.next_milestone()) << "\n";
  for (int i = 0; i < s.overdue_milestones_size(); ++i)
    std::cout << (i == 0 ? "Overdue:     " : "             ") << MilestoneLine(s.overdue_milestones(i)) << "\n";
  std::cout << "Milestones:  " << s.completed_milestone_count() << " of " << s.milestone_count() << " completed\n";
  if (s.has_latest_update())
    std::cout << "Last update: " << s.latest_update().date() << ", " << EnumLabel(RagType(), s.latest_update().rag())
              << (s.latest_update().author().empty() ? "" : ", by " + names.Contact(s.latest_update().author())) << ": "
              << s.latest_update().narrative() << "\n";
  std::vector<std::string> partners;
  for (const auto& partner : p.partners())
    partners.push_back(names(partner.organisation()) + " (" + EnumLabel(RoleType(), partner.role()) + ")");
  if (!partners.empty()) std::cout << "Partners:    " << Join(partners) << "\n";
  std::cout << "Contributors: " << s.contributor_count() << "\n";
  if (s.has_critical_path()) {
    std::vector<std::string> ids;
    for (const auto& m : s.critical_path().milestones()) ids.push_back(m.substr(m.rfind('/') + 1));
    std::cout << "Critical path (" << s.critical_path().total_days() << " days): " << Join(ids, " -> ") << "\n";
  }
  std::cout << "As of:       " << s.as_of() << "\n";
}

int Status(CommandContext& ctx, const ProjectFlags& f) {
  GetProjectStatusRequest request;
  request.set_name(ProjectArgument(f.code));
  request.set_include_critical_path(f.critical_path);
  ProjectStatus s;
  if (auto status = ctx.client().GetProjectStatus(request, &s); !status.ok()) return ctx.Fail(status);
  if (ctx.format() == OutputFormat::kTable) {
    OrganisationNames names(ctx);
    PrintStatus(s, names);
    return kExitOk;
  }
  Table t{{"CODE", "TITLE", "STATE", "RAG", "RAG RULE", "REASON", "NEXT MILESTONE", "NEXT DUE", "OVERDUE", "COMPLETED",
           "MILESTONES", "CONTRIBUTORS", "AS OF"},
          {}};
  t.rows.push_back({s.project().code(), s.project().title(), EnumLabel(StateType(), s.project().state()),
                    Upper(EnumLabel(RagType(), s.rag())), s.rag_rule(), s.rag_reasons_size() ? s.rag_reasons(0).description() : "",
                    s.next_milestone().title(), s.next_milestone().due_date(), std::to_string(s.overdue_milestones_size()),
                    std::to_string(s.completed_milestone_count()), std::to_string(s.milestone_count()),
                    std::to_string(s.contributor_count()), s.as_of()});
  return ctx.EmitOne(s, t);
}

int Contributors(CommandContext& ctx, const ProjectFlags& f) {
  ListProjectContributorsResponse out;
  if (auto status = ctx.client().ListProjectContributors(ProjectArgument(f.code), &out); !status.ok())
    return ctx.Fail(status);
  Table t{{"CONTRIBUTOR", "ORGANISATION", "ROLE", "AS", "POSTS", "UPDATES", "FIRST", "LAST"}, {}};
  for (const auto& c : out.contributors()) {
    std::vector<std::string> as;
    for (int r : c.roles()) as.push_back(EnumLabel(ContributorRole_descriptor(), r));
    const auto role = ParseEnum(ClinicalRole_descriptor(), c.clinical_role());
    auto day = [](const google::protobuf::Timestamp& ts) {
      return ts.seconds() ? google::protobuf::util::TimeUtil::ToString(ts).substr(0, 10) : std::string();
    };
    t.rows.push_back({c.display_name(), c.organisation_display_name(),
                      role ? EnumLabel(ClinicalRole_descriptor(), *role) : "", Join(as),
                      std::to_string(c.post_count()), std::to_string(c.update_count()),
                      day(c.first_contribution_time()), day(c.last_contribution_time())});
  }
  return ctx.EmitList(out, t);
}

int AddUpdate(CommandContext& ctx, const ProjectFlags& f) {
  CreateStatusUpdateRequest request;
  request.set_parent(ProjectArgument(f.code));
  auto* u = request.mutable_status_update();
  int rag = 0;
  if (!ParseEnumFlag(ctx, RagType(), "RAG rating", f.rag, &rag)) return ctx.exit_code;
  u->set_rag(static_cast<Rag>(rag));
  u->set_narrative(f.narrative);
  u->set_author(f.author);
  u->set_date(f.date);
  StatusUpdate saved;
  if (auto status = ctx.client().CreateStatusUpdate(request, &saved); !status.ok()) return ctx.Fail(status);
  Table t{{"Name", "Date", "RAG", "Author", "Narrative"}, {}};
  t.rows.push_back({saved.name(), saved.date(), EnumLabel(RagType(), saved.rag()), saved.author(), saved.narrative()});
  return ctx.EmitOne(saved, t);
}

int AddMilestone(CommandContext& ctx, const ProjectFlags& f) {
  CreateMilestoneRequest request;
  request.set_parent(ProjectArgument(f.code));
  auto* m = request.mutable_milestone();
  m->set_title(f.title);
  m->set_start_date(f.start);
  m->set_due_date(f.due);
  m->set_baseline_due_date(f.baseline);
  if (!f.owner.empty()) m->set_owner_organisation(OrganisationArgument(f.owner));
  for (const auto& a : f.after) m->add_predecessors(MilestoneArgument(f.code, a));
  Milestone saved;
  if (auto status = ctx.client().CreateMilestone(request, &saved); !status.ok()) return ctx.Fail(status);
  ListMilestonesResponse one;
  *one.add_milestones() = saved;
  return ctx.EmitList(saved, MilestoneTable(one));
}

int ListMilestones(CommandContext& ctx, const ProjectFlags& f) {
  ListMilestonesResponse response;
  if (auto status = ctx.client().ListMilestones(ProjectArgument(f.code), &response); !status.ok()) return ctx.Fail(status);
  return ctx.EmitList(response, MilestoneTable(response));
}

int UpdateMilestone(CommandContext& ctx, const ProjectFlags& f, const CLI::App& cmd) {
  UpdateMilestoneRequest request;
  auto* m = request.mutable_milestone();
  m->set_name(MilestoneArgument(f.code, f.milestone));
  MaskedUpdate<Milestone> update(cmd, m, request.mutable_update_mask());
  update.Text("--title", "title", f.title, &Milestone::set_title);
  update.Text("--start", "start_date", f.start, &Milestone::set_start_date);
  update.Text("--due", "due_date", f.due, &Milestone::set_due_date);
  update.Text("--baseline", "baseline_due_date", f.baseline, &Milestone::set_baseline_due_date);
  update.Text("--completed", "completion_date", f.completed, &Milestone::set_completion_date);
  if (update.Given("--percent", "percent_complete")) m->set_percent_complete(f.percent);
  if (update.Given("--after", "predecessors"))
    for (const auto& a : f.after)
      if (!a.empty()) m->add_predecessors(MilestoneArgument(f.code, a));
  if (update.empty()) return ctx.BadInput("nothing to update: give at least one field flag (see --help)");
  Milestone saved;
  if (auto status = ctx.client().UpdateMilestone(request, &saved); !status.ok()) return ctx.Fail(status);
  ListMilestonesResponse one;
  *one.add_milestones() = saved;
  return ctx.EmitList(saved, MilestoneTable(one));
}

int ImportPlan(CommandContext& ctx, const ProjectFlags& f) {
  ImportPlanRequest request;
  request.set_parent(ProjectArgument(f.code));
  request.set_dry_run(f.dry_run);
  std::string format = f.format;
  if (format.empty()) {  // from the file name
    const auto dot = f.file.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : f.file.substr(dot + 1);
    format = ext == "csv" || ext == "CSV" ? "csv" : "mspdi";
  }
  request.set_format(format == "csv" ? PLAN_FORMAT_CSV : PLAN_FORMAT_MSPDI);
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return ctx.BadInput("cannot read " + f.file + ": no such file, or not readable");
  std::ostringstream text;
  text << in.rdbuf();
  request.set_data(text.str());
  request.set_problems_in_response(true);  // every problem of the file, not the first few
  ImportPlanResponse response;
  if (auto status = ctx.client().ImportPlan(request, &response); !status.ok()) return ctx.Fail(status);
  if (response.problems_size() > 0) return ctx.FailWithImportProblems(response.problems());
  ListMilestonesResponse milestones;
  *milestones.mutable_milestones() = response.milestones();
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(response, MilestoneTable(milestones));
  const auto& s = response.summary();
  std::cout << (f.dry_run ? "dry run (nothing written): " : "imported: ") << s.rows_read() << " task(s), " << s.created()
            << (f.dry_run ? " would be new, " : " new, ") << s.updated() << (f.dry_run ? " would be updated\n" : " updated\n");
  for (const auto& w : response.warnings()) std::cout << "note: " << w << "\n";
  PrintTable(std::cout, MilestoneTable(milestones));
  return kExitOk;
}

int ShowPortfolio(CommandContext& ctx, const ProjectFlags& f) {
  GetPortfolioRequest request;
  if (!f.consortium.empty()) request.set_consortium(OrganisationArgument(f.consortium));
  Portfolio portfolio;
  if (auto status = ctx.client().GetPortfolio(request, &portfolio); !status.ok()) return ctx.Fail(status);
  Table t{{"CONSORTIUM", "PROJECTS", "PROPOSED", "APPROVED", "ACTIVE", "ON HOLD", "COMPLETED", "CANCELLED", "GREEN",
           "AMBER", "RED"},
          {}};
  for (const auto& c : portfolio.consortia()) {
    auto count = [](const auto& map, const std::string& key) {
      const auto it = map.find(key);
      return std::to_string(it == map.end() ? 0 : it->second);
    };
    t.rows.push_back({c.consortium_display_name().empty() ? "(no consortium)" : c.consortium_display_name(),
                      std::to_string(c.project_count()), count(c.by_state(), "PROJECT_STATE_PROPOSED"),
                      count(c.by_state(), "PROJECT_STATE_APPROVED"), count(c.by_state(), "PROJECT_STATE_ACTIVE"),
                      count(c.by_state(), "PROJECT_STATE_ON_HOLD"), count(c.by_state(), "PROJECT_STATE_COMPLETED"),
                      count(c.by_state(), "PROJECT_STATE_CANCELLED"), count(c.by_rag(), "RAG_GREEN"),
                      count(c.by_rag(), "RAG_AMBER"), count(c.by_rag(), "RAG_RED")});
  }
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(portfolio, t);
  std::cout << "Portfolio as of " << portfolio.as_of() << "\n\n";
  PrintTable(std::cout, t);
  std::cout << "\nRed projects:\n";
  Table red{{"PROJECT", "TITLE", "STATE", "WHY"}, {}};
  for (const auto& r : portfolio.red_projects())
    red.rows.push_back({r.name().substr(9), r.title(), EnumLabel(StateType(), r.state()), r.rag_description()});
  PrintTable(std::cout, red);
  return kExitOk;
}

}  // namespace

void AddProjectCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<ProjectFlags>();
  const std::string states = "State: " + EnumChoices(StateType());
  const std::string rags = "RAG: " + EnumChoices(RagType());
  auto* project = app.add_subcommand("project", "PBC projects: status, milestones, updates");
  project->require_subcommand(1);

  auto* create = project->add_subcommand("create", "Create a project");
  create->add_option("code", f->code, "Project code, e.g. P-2009-014")->required();
  create->add_option("--title", f->title, "Title")->required();
  create->add_option("--summary", f->summary, "Summary");
  create->add_option("--consortium", f->consortium, "PBC consortium (organisations/ID or ID)");
  create->add_option("--lead", f->lead, "Lead contact (organisations/ID/contacts/ID)");
  create->add_option("--state", f->state, states + " (default proposed)");
  create->add_option("--start", f->start, "Planned start YYYY-MM-DD");
  create->add_option("--end", f->end, "Planned end YYYY-MM-DD");
  create->add_option("--investment", f->investment_pounds, "Investment in pounds");
  create->add_option("--partner", f->partners, "ORGANISATION:ROLE, role one of " + EnumChoices(RoleType()) + " (repeatable)");
  create->add_option("--procedure", f->procedures, "OPCS-4 or HRG4 code that measures it (repeatable)");
  create->add_option("--comparator", f->comparators, "Comparator organisation for its ROI (repeatable)");
  create->callback([&ctx, f] { ctx.exit_code = Create(ctx, *f); });

  auto* get = project->add_subcommand("get", "Show a project");
  get->add_option("code", f->code, "Project code")->required();
  get->callback([&ctx, f] { ctx.exit_code = Get(ctx, *f); });

  auto* list = project->add_subcommand("list", "List projects");
  list->add_option("--consortium", f->consortium, "Only this consortium's");
  list->add_option("--state", f->state, states);
  list->add_option("--rag", f->rag, rags);
  list->add_option("--partner", f->partner, "Only projects this organisation partners in");
  list->add_option("--from", f->from, "Planned period overlaps from this date");
  list->add_option("--to", f->to, "Planned period overlaps up to this date");
  list->add_option("--page-size", f->page_size, "Results per page");
  list->add_option("--page-token", f->page_token, "Continue from a previous page");
  list->add_flag("--all", f->all, "Fetch every page");
  list->callback([&ctx, f] { ctx.exit_code = List(ctx, *f); });

  auto* update = project->add_subcommand("update", "Change fields of a project (only the flags given)");
  update->add_option("code", f->code, "Project code")->required();
  update->add_option("--title", f->title, "Title");
  update->add_option("--summary", f->summary, "Summary");
  update->add_option("--consortium", f->consortium, "PBC consortium ('' for none)");
  update->add_option("--lead", f->lead, "Lead contact");
  update->add_option("--start", f->start, "Planned start");
  update->add_option("--end", f->end, "Planned end");
  update->add_option("--investment", f->investment_pounds, "Investment in pounds");
  update->add_option("--procedure", f->procedures, "Procedure codes (replace the list)");
  update->add_option("--comparator", f->comparators, "ROI comparator organisations (replace the list; '' clears it)");
  update->add_option("--partner", f->partners,
                     "ORGANISATION:ROLE (repeatable; replaces the partners; '' clears them), role one of " +
                         EnumChoices(RoleType()));
  update->add_option("--actual-start", f->actual_start, "Actual start, YYYY-MM-DD ('' clears it)");
  update->add_option("--actual-end", f->actual_end, "Actual end, YYYY-MM-DD ('' clears it)");
  update->callback([&ctx, f, update] { ctx.exit_code = Update(ctx, *f, *update); });

  auto* set_state = project->add_subcommand("set-state", "Move a project to another state (approve, start, hold, complete, cancel)");
  set_state->add_option("code", f->code, "Project code")->required();
  set_state->add_option("state", f->state, states)->required();
  set_state->add_option("--on", f->on, "The day it happened, YYYY-MM-DD, for active or completed (default: today)");
  set_state->callback([&ctx, f] { ctx.exit_code = SetState(ctx, *f); });

  auto* del = project->add_subcommand("delete", "Delete a project with its milestones and updates");
  del->add_option("code", f->code, "Project code")->required();
  del->callback([&ctx, f] { ctx.exit_code = Delete(ctx, *f); });

  auto* status = project->add_subcommand("status", "Status, RAG and why, next and overdue milestones, latest update");
  status->add_option("code", f->code, "Project code")->required();
  status->add_flag("--critical-path", f->critical_path, "Also compute the critical path");
  status->callback([&ctx, f] { ctx.exit_code = Status(ctx, *f); });

  auto* contributors = project->add_subcommand(
      "contributors", "Who contributed: the lead, status update authors and posters in its forum threads");
  contributors->add_option("code", f->code, "Project code")->required();
  contributors->callback([&ctx, f] { ctx.exit_code = Contributors(ctx, *f); });

  auto* add_update = project->add_subcommand("update-status", "Record a dated status update with a RAG rating");
  add_update->add_option("code", f->code, "Project code")->required();
  add_update->add_option("--rag", f->rag, rags)->required();
  add_update->add_option("--narrative", f->narrative, "What happened and why")->required();
  add_update->add_option("--author", f->author, "organisations/ID/contacts/ID");
  add_update->add_option("--date", f->date, "YYYY-MM-DD (default today)");
  add_update->callback([&ctx, f] { ctx.exit_code = AddUpdate(ctx, *f); });

  auto* milestone = project->add_subcommand("milestone", "A project's milestones");
  milestone->require_subcommand(1);
  auto* madd = milestone->add_subcommand("add", "Add a milestone");
  madd->add_option("code", f->code, "Project code")->required();
  madd->add_option("--title", f->title, "Title")->required();
  madd->add_option("--due", f->due, "Due date YYYY-MM-DD")->required();
  madd->add_option("--start", f->start, "Planned start (for tasks with a duration)");
  madd->add_option("--baseline", f->baseline, "Baseline due date (default: the due date)");
  madd->add_option("--owner", f->owner, "Owner organisation");
  madd->add_option("--after", f->after, "Predecessor milestone id (repeatable)");
  madd->callback([&ctx, f] { ctx.exit_code = AddMilestone(ctx, *f); });
  auto* mlist = milestone->add_subcommand("list", "List milestones by due date, with slippage");
  mlist->add_option("code", f->code, "Project code")->required();
  mlist->callback([&ctx, f] { ctx.exit_code = ListMilestones(ctx, *f); });
  auto* mupdate = milestone->add_subcommand("update", "Change a milestone (e.g. --completed 2010-06-01)");
  mupdate->add_option("code", f->code, "Project code")->required();
  mupdate->add_option("milestone", f->milestone, "Milestone id")->required();
  mupdate->add_option("--title", f->title, "Title");
  mupdate->add_option("--start", f->start, "Planned start");
  mupdate->add_option("--due", f->due, "Due date");
  mupdate->add_option("--baseline", f->baseline, "Baseline due date");
  mupdate->add_option("--completed", f->completed, "Completion date ('' to reopen)");
  mupdate->add_option("--percent", f->percent, "Percent complete");
  mupdate->add_option("--after", f->after, "Predecessors (replace the list; '' for none)");
  mupdate->callback([&ctx, f, mupdate] { ctx.exit_code = UpdateMilestone(ctx, *f, *mupdate); });

  auto* import = project->add_subcommand("import-plan", "Import tasks and milestones from MS Project XML or CSV (all or nothing)");
  import->add_option("code", f->code, "Project code")->required();
  import->add_option("file", f->file, "Plan file: MS Project XML (.xml) or CSV (.csv)")->required();
  import->add_option("--format", f->format, "mspdi or csv (default: from the file name)")->check(CLI::IsMember({"mspdi", "csv"}));
  import->add_flag("--dry-run", f->dry_run, "Check the plan and show the result; write nothing");
  import->callback([&ctx, f] { ctx.exit_code = ImportPlan(ctx, *f); });

  auto* portfolio = app.add_subcommand("portfolio", "Projects by state and RAG per consortium, and the red ones");
  portfolio->add_option("--consortium", f->consortium, "Only this consortium");
  portfolio->callback([&ctx, f] { ctx.exit_code = ShowPortfolio(ctx, *f); });
}

}  // namespace kmhub::cli
