#include "server/projects/project_store.h"

#include <algorithm>
#include <functional>
#include <map>

#include "server/projects/milestone_links.h"
#include "server/projects/project_audit.h"
#include "server/projects/milestone_schedule.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"
#include "shared/resource_name.h"

namespace kmhub::store {

namespace {

// Lists of record ids (milestone predecessors, comparator organisations) as text lists.
std::string EncodeIds(const std::vector<std::int64_t>& ids) {
  std::vector<std::string> texts;
  for (auto id : ids) texts.push_back(std::to_string(id));
  return EncodeList(texts);
}

std::vector<std::int64_t> DecodeIds(std::string_view encoded) {
  std::vector<std::int64_t> ids;
  for (const auto& text : DecodeList(encoded)) ids.push_back(std::stoll(text));
  return ids;
}

// A milestone's predecessors in MS Project's notation (milestone_links.h): "3,4SS+2d".
std::string EncodePredecessors(const std::vector<std::int64_t>& ids,
                               const std::map<std::int64_t, LinkTiming>& timings,
                               const std::function<std::int64_t(std::int64_t)>& real = nullptr) {
  std::vector<std::string> texts;
  for (auto id : ids) {
    const auto timing = timings.find(id);
    texts.push_back(std::to_string(real ? real(id) : id) +
                    (timing == timings.end() ? "" : domain::LinkSuffix(timing->second)));
  }
  return EncodeList(texts);
}

void DecodePredecessors(std::string_view encoded, MilestoneRecord& m) {
  for (const auto& text : DecodeList(encoded)) {
    std::string problem;
    const auto link = domain::ParseWrittenLink(text, &problem);
    if (!link) continue;  // written by EncodePredecessors, so never
    const auto id = std::stoll(link->key);
    m.predecessor_ids.push_back(id);
    if (link->timing != LinkTiming{}) m.link_timings[id] = link->timing;
  }
}

// Project columns, with the lead contact's organisation (needed for its resource name).
constexpr const char* kProjectColumns =
    "SELECT p.id, p.code, p.title, p.summary, COALESCE(p.consortium_id, 0), COALESCE(c.organisation_id, 0), "
    "COALESCE(p.lead_contact_id, 0), p.state, p.planned_start, p.planned_end, p.actual_start, p.actual_end, "
    "p.investment_pence, p.procedure_codes, p.comparator_ids, p.create_micros, p.update_micros, p.revision";

// domain::IsOverdue in SQL, followed by today's date: not completed and due before today.
constexpr const char* kOverdueCondition = "m.completed = '' AND m.due < ";

// The RAG facts; `today` is bound per use (SOCI numbers each use). A listing needs only the
// rating, not the wording of its reasons: `rating_only` reads the two facts the database keeps on
// the project (migration 9: the latest update's RAG and the earliest open milestone's due date,
// which is the most overdue one when it is before today) and leaves out the update's date and
// the overdue count (the most overdue due date stands for "some"). Otherwise, correlated
// subqueries.
std::string FactColumns(BoundQuery& q, const std::string& today, bool rating_only = false) {
  if (rating_only)
    return ", p.latest_update_rag, '', 0, CASE WHEN p.earliest_open_due < " + q.Text(today) +
           " THEN p.earliest_open_due ELSE '' END";
  const std::string latest = "FROM status_updates u WHERE u.project_id = p.id ORDER BY u.update_date DESC, u.id DESC LIMIT 1";
  const std::string overdue = std::string("FROM milestones m WHERE m.project_id = p.id AND ") + kOverdueCondition;
  return ", COALESCE((SELECT u.rag " + latest + "), 0), COALESCE((SELECT u.update_date " + latest + "), ''), " +
         "(SELECT COUNT(*) " + overdue + q.Text(today) + "), COALESCE((SELECT MIN(m.due) " + overdue + q.Text(today) +
         "), '')";
}

constexpr const char* kProjectFrom = " FROM projects p LEFT JOIN contacts c ON c.id = p.lead_contact_id";

struct ProjectRow {
  long long id = 0, consortium = 0, lead_org = 0, lead = 0;
  std::string code, title, summary;
  int state = 0;
  std::string planned_start, planned_end, actual_start, actual_end;
  long long investment = 0;
  std::string procedure_codes, comparators;
  long long create_micros = 0, update_micros = 0, revision = 0;
  int latest_rag = 0;
  std::string latest_date;
  long long overdue = 0;
  std::string earliest_overdue;

  template <typename St>
  void Exchange(St& st, bool with_facts) {
    Col(st, id);
    Col(st, code);
    Col(st, title);
    Col(st, summary);
    Col(st, consortium);
    Col(st, lead_org);
    Col(st, lead);
    Col(st, state);
    Col(st, planned_start);
    Col(st, planned_end);
    Col(st, actual_start);
    Col(st, actual_end);
    Col(st, investment);
    Col(st, procedure_codes);
    Col(st, comparators);
    Col(st, create_micros);
    Col(st, update_micros);
    Col(st, revision);
    if (!with_facts) return;
    Col(st, latest_rag);
    Col(st, latest_date);
    Col(st, overdue);
    Col(st, earliest_overdue);
  }
  ProjectWithFacts ToRecord() const {
    ProjectWithFacts out;
    auto& p = out.project;
    p.id = id;
    p.code = code;
    p.title = title;
    p.summary = summary;
    p.consortium_id = consortium;
    p.lead_contact_organisation_id = lead_org;
    p.lead_contact_id = lead;
    p.state = state;
    p.planned_start = planned_start;
    p.planned_end = planned_end;
    p.actual_start = actual_start;
    p.actual_end = actual_end;
    p.investment_pence = investment;
    p.procedure_codes = DecodeList(procedure_codes);
    p.comparator_ids = DecodeIds(comparators);
    p.create_micros = create_micros;
    p.update_micros = update_micros;
    p.revision = revision;
    out.facts = {latest_rag, latest_date, static_cast<int>(overdue), earliest_overdue};
    return out;
  }
};

// `expected_rows`: room made up front (a page's worth), so that the records are not moved as
// the vector grows.
std::vector<ProjectWithFacts> FetchProjects(soci::session& s, BoundQuery& q, bool with_facts,
                                            std::size_t expected_rows = 1) {
  std::vector<ProjectWithFacts> out;
  out.reserve(expected_rows);
  RunCached<ProjectRow>(s, q, [&](ProjectRow& r, auto& st) { r.Exchange(st, with_facts); },
                        [&](const ProjectRow& r) { out.push_back(r.ToRecord()); });
  return out;
}

// Partners of several projects in one query.
void LoadPartners(soci::session& s, std::vector<ProjectWithFacts>& projects) {
  if (projects.empty()) return;
  BoundQuery q;
  q.Sql("SELECT project_id, organisation_id, role FROM project_partners WHERE project_id IN (");
  std::map<long long, ProjectRecord*> by_id;
  for (std::size_t i = 0; i < projects.size(); ++i) {
    q.Sql((i ? ", " : "") + q.Int(projects[i].project.id));
    by_id[projects[i].project.id] = &projects[i].project;
  }
  q.Sql(") ORDER BY project_id, role, organisation_id");
  struct PartnerRow {
    long long project_id = 0, organisation_id = 0;
    int role = 0;
  };
  RunCached<PartnerRow>(
      s, q,
      [](PartnerRow& r, auto& st) {
        Col(st, r.project_id);
        Col(st, r.organisation_id);
        Col(st, r.role);
      },
      [&](const PartnerRow& r) { by_id[r.project_id]->partners.push_back({r.organisation_id, r.role}); });
}

std::optional<ProjectWithFacts> FetchProject(soci::session& s, const std::string& code, const std::string* today) {
  BoundQuery q;
  q.Sql(kProjectColumns);
  if (today) q.Sql(FactColumns(q, *today));
  q.Sql(kProjectFrom).Sql(" WHERE p.code = " + q.Text(code));
  auto rows = FetchProjects(s, q, today != nullptr);
  if (rows.empty()) return std::nullopt;
  LoadPartners(s, rows);
  return rows.front();
}

Error ProjectNotFound(const std::string& code) {
  return NotFound("PROJECT_NOT_FOUND", "project projects/" + code + " does not exist");
}

bool Exists(soci::session& s, const char* table, std::int64_t id) {
  long long found = 0;
  const long long key = id;
  s << std::string("SELECT id FROM ") + table + " WHERE id = :id", soci::use(key), soci::into(found);
  return s.got_data();
}

// Every organisation and contact a project refers to must exist; errors name the field.
Outcome CheckReferences(soci::session& s, const ProjectRecord& p) {
  if (p.consortium_id && !Exists(s, "organisations", p.consortium_id))
    return NotFound("ORGANISATION_NOT_FOUND", "project.consortium: organisation " + OrganisationName(p.consortium_id) + " does not exist");
  if (p.lead_contact_id) {
    long long org = 0;
    const long long key = p.lead_contact_id;
    s << "SELECT organisation_id FROM contacts WHERE id = :id", soci::use(key), soci::into(org);
    if (!s.got_data() || org != p.lead_contact_organisation_id)
      return NotFound("CONTACT_NOT_FOUND", "project.lead_contact: contact " +
                                               ContactName(p.lead_contact_organisation_id, p.lead_contact_id) +
                                               " does not exist");
  }
  for (std::size_t i = 0; i < p.partners.size(); ++i)
    if (!Exists(s, "organisations", p.partners[i].organisation_id))
      return NotFound("ORGANISATION_NOT_FOUND", "project.partners[" + std::to_string(i) + "].organisation: organisation " +
                                                    OrganisationName(p.partners[i].organisation_id) + " does not exist");
  for (std::size_t i = 0; i < p.comparator_ids.size(); ++i)
    if (!Exists(s, "organisations", p.comparator_ids[i]))
      return NotFound("ORGANISATION_NOT_FOUND", "project.comparator_organisations[" + std::to_string(i) +
                                                    "]: organisation " + OrganisationName(p.comparator_ids[i]) +
                                                    " does not exist");
  return Ok{};
}

void WritePartners(soci::session& s, const ProjectRecord& p) {
  const long long id = p.id;
  s << "DELETE FROM project_partners WHERE project_id = :id", soci::use(id);
  for (const auto& partner : p.partners) {
    const long long org = partner.organisation_id;
    s << "INSERT INTO project_partners (project_id, organisation_id, role) VALUES (:p, :o, :r)", soci::use(id),
        soci::use(org), soci::use(partner.role);
  }
}

// NULL for "none" keeps optional references out of the foreign keys.
struct OptionalId {
  explicit OptionalId(std::int64_t id) : value(id), indicator(id ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator indicator;
};

constexpr const char* kMilestoneColumns =
    "SELECT id, project_id, title, COALESCE(owner_organisation_id, 0), start_date, baseline_due, due, completed, "
    "percent_complete, external_id, predecessors, revision FROM milestones";

struct MilestoneRow {
  long long id = 0, project = 0, owner = 0, revision = 0;
  std::string title, start, baseline, due, completed, external, predecessors;
  int percent = 0;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, project);
    Col(st, title);
    Col(st, owner);
    for (auto* v : {&start, &baseline, &due, &completed}) Col(st, *v);
    Col(st, percent);
    Col(st, external);
    Col(st, predecessors);
    Col(st, revision);
  }
  MilestoneRecord ToRecord() const {
    MilestoneRecord m{id, project, title, owner, start, baseline, due, completed, percent, external, {}, revision, {}};
    DecodePredecessors(predecessors, m);
    return m;
  }
};

std::vector<MilestoneRecord> FetchMilestones(soci::session& s, BoundQuery& q) { return FetchRecords<MilestoneRow>(s, q); }

// Bumps the schedule revision if it is still `expected`; false when someone else changed it.
bool ClaimSchedule(soci::session& s, std::int64_t project_id, std::int64_t expected) {
  const long long id = project_id, rev = expected;
  soci::statement st = (s.prepare << "UPDATE projects SET schedule_revision = schedule_revision + 1 "
                                     "WHERE id = :id AND schedule_revision = :rev",
                        soci::use(id), soci::use(rev));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Error ScheduleChanged() {
  return Aborted("SCHEDULE_CHANGED", "the project's milestones changed while you edited them; read them again and retry");
}

constexpr const char* kUpdateColumns =
    "SELECT u.id, u.project_id, u.update_date, u.narrative, u.rag, COALESCE(c.organisation_id, 0), "
    "COALESCE(u.author_contact_id, 0), u.create_micros FROM status_updates u "
    "LEFT JOIN contacts c ON c.id = u.author_contact_id";

struct UpdateRow {
  StatusUpdateRecord r;
  long long id = 0, project = 0, org = 0, author = 0, created = 0;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, project);
    Col(st, r.date);
    Col(st, r.narrative);
    Col(st, r.rag);
    Col(st, org);
    Col(st, author);
    Col(st, created);
  }
  StatusUpdateRecord ToRecord() const {
    StatusUpdateRecord out = r;
    out.id = id;
    out.project_id = project;
    out.author_organisation_id = org;
    out.author_contact_id = author;
    out.create_micros = created;
    return out;
  }
};

std::vector<StatusUpdateRecord> FetchUpdates(soci::session& s, BoundQuery& q) { return FetchRecords<UpdateRow>(s, q); }

// The project's id, schedule revision and milestones by due date.
Expected<Schedule> ReadSchedule(soci::session& s, const std::string& code) {
  Schedule schedule;
  struct Head {
    long long id = 0, revision = 0;
  };
  BoundQuery head;
  head.Sql("SELECT id, schedule_revision FROM projects WHERE code = " + head.Text(code));
  bool found = false;
  RunCached<Head>(
      s, head,
      [](Head& h, auto& st) {
        Col(st, h.id);
        Col(st, h.revision);
      },
      [&](const Head& h) {
        found = true;
        schedule.project_id = h.id;
        schedule.revision = h.revision;
      });
  if (!found) return ProjectNotFound(code);
  const long long id = schedule.project_id;
  BoundQuery q;
  q.Sql(kMilestoneColumns).Sql(" WHERE project_id = " + q.Int(id) + " ORDER BY due, id");
  schedule.milestones = FetchMilestones(s, q);
  return schedule;
}

int CountContributors(soci::session& s, std::int64_t project_id) {
  BoundQuery q;
  // The same three sources as ContributorStore::ForProject: update authors, the lead, and who
  // posted in the project's forum threads. Told apart here rather than by UNION, whose two
  // temporary B-trees cost more than the status call's other queries together.
  q.Sql("SELECT author_contact_id FROM status_updates WHERE project_id = " + q.Int(project_id) +
        " AND author_contact_id IS NOT NULL UNION ALL SELECT lead_contact_id FROM projects WHERE id = " +
        q.Int(project_id) +
        " AND lead_contact_id IS NOT NULL UNION ALL SELECT fp.author_contact_id FROM forum_thread_projects tp JOIN "
        "forum_posts fp ON fp.thread_id = tp.thread_id WHERE tp.project_id = " +
        q.Int(project_id));
  std::vector<long long> contacts;
  RunCached<long long>(
      s, q, [](long long& c, auto& st) { Col(st, c); }, [&](long long c) { contacts.push_back(c); });
  std::sort(contacts.begin(), contacts.end());
  return static_cast<int>(std::unique(contacts.begin(), contacts.end()) - contacts.begin());
}

// Projects whose consortium or a partner is the organisation.
void AppendInvolving(BoundQuery& q, std::int64_t organisation_id) {
  q.Sql(" AND (p.consortium_id = " + q.Int(organisation_id) +
        " OR p.id IN (SELECT project_id FROM project_partners WHERE organisation_id = " + q.Int(organisation_id) + "))");
}

}  // namespace

Expected<ProjectRecord> ProjectStore::Create(const ProjectRecord& p, const std::string& request_id) {
  static const std::string kMethod = "CreateProject";
  return InTransaction(*db_, "creating a project", [&](soci::session& s) -> Expected<ProjectRecord> {
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
      if (auto existing = FetchProject(s, earlier->substr(9), nullptr)) return existing->project;
      return ProjectNotFound(earlier->substr(9));
    }
    if (FetchProject(s, p.code, nullptr))
      return AlreadyExists("DUPLICATE_PROJECT_CODE", "project code " + p.code + " is already used; codes are unique");
    KMHUB_TRY(CheckReferences(s, p));
    const long long now = NowMicros();
    OptionalId consortium(p.consortium_id), lead(p.lead_contact_id);
    const std::string codes = EncodeList(p.procedure_codes), comparators = EncodeIds(p.comparator_ids);
    long long id = 0;
    s << "INSERT INTO projects (code, title, summary, consortium_id, lead_contact_id, state, planned_start, "
         "planned_end, actual_start, actual_end, investment_pence, procedure_codes, comparator_ids, create_micros, "
         "update_micros, revision) VALUES (:code, :t, :s, :c, :l, :st, :ps, :pe, :as, :ae, :i, :pc, :cmp, :cm, :um, 1) "
         "RETURNING id",
        soci::use(p.code), soci::use(p.title), soci::use(p.summary), soci::use(consortium.value, consortium.indicator),
        soci::use(lead.value, lead.indicator), soci::use(p.state), soci::use(p.planned_start),
        soci::use(p.planned_end), soci::use(p.actual_start), soci::use(p.actual_end), soci::use(p.investment_pence),
        soci::use(codes), soci::use(comparators), soci::use(now), soci::use(now), soci::into(id);
    ProjectRecord written = p;
    written.id = id;
    WritePartners(s, written);
    LogRequest(s, kMethod, request_id, "projects/" + p.code);
    auto created = FetchProject(s, p.code, nullptr)->project;
    RecordChange(s, "projects/" + p.code, "created project '" + p.title + "'",
                 domain::ChangedFields({}, domain::AuditFields(created)));
    return created;
  });
}

Expected<ProjectRecord> ProjectStore::Get(const std::string& code) {
  return WithSession(*db_, "reading a project", [&](soci::session& s) -> Expected<ProjectRecord> {
    if (auto found = FetchProject(s, code, nullptr)) return found->project;
    return ProjectNotFound(code);
  });
}

Expected<ProjectWithFacts> ProjectStore::GetWithFacts(const std::string& code, const std::string& today) {
  return WithSession(*db_, "reading a project", [&](soci::session& s) -> Expected<ProjectWithFacts> {
    if (auto found = FetchProject(s, code, &today)) return *found;
    return ProjectNotFound(code);
  });
}

namespace {

// Every project (of one consortium, or involving an organisation, when given), by code; with
// the RAG facts as of `today` only when it is given (their subqueries cost a query per row).
std::vector<ProjectWithFacts> FetchAll(soci::session& s, std::int64_t consortium_id, const std::string* today,
                                       std::int64_t involving_id) {
  BoundQuery q;
  q.Sql(kProjectColumns);
  if (today) q.Sql(FactColumns(q, *today));
  q.Sql(kProjectFrom).Sql(" WHERE 1 = 1");
  if (consortium_id) q.Sql(" AND p.consortium_id = " + q.Int(consortium_id));
  if (involving_id) AppendInvolving(q, involving_id);
  q.Sql(" ORDER BY p.code");
  return FetchProjects(s, q, today != nullptr);
}

}  // namespace

Expected<Page<ProjectWithFacts>> ProjectStore::List(const ProjectQuery& query) {
  return WithSession(*db_, "listing projects", [&](soci::session& s) -> Expected<Page<ProjectWithFacts>> {
    BoundQuery q;
    q.Sql(kProjectColumns).Sql(FactColumns(q, query.today, true)).Sql(kProjectFrom).Sql(" WHERE 1 = 1");
    if (query.consortium_id) q.Sql(" AND p.consortium_id = " + q.Int(query.consortium_id));
    if (query.state) q.Sql(" AND p.state = " + q.Int(query.state));
    if (query.partner_id)
      q.Sql(" AND p.id IN (SELECT project_id FROM project_partners WHERE organisation_id = " + q.Int(query.partner_id) + ")");
    if (query.involving_id) AppendInvolving(q, query.involving_id);
    if (!query.active_from.empty()) q.Sql(" AND (p.planned_end = '' OR p.planned_end >= " + q.Text(query.active_from) + ")");
    if (!query.active_to.empty()) q.Sql(" AND (p.planned_start = '' OR p.planned_start <= " + q.Text(query.active_to) + ")");
    AppendKeyset(q, {"p.code", false, false, "p.id"}, query.position.last_id, query.position.last_sort_value,
                 query.position.page_size);
    auto rows = FetchProjects(s, q, true, static_cast<std::size_t>(query.position.page_size) + 1);
    for (auto& row : rows) row.facts.overdue_milestones = row.facts.earliest_overdue_due.empty() ? 0 : 1;
    // MakePage needs .id on the items; page over the wrapped records.
    Page<ProjectWithFacts> page;
    if (static_cast<int>(rows.size()) > query.position.page_size) {
      rows.resize(static_cast<std::size_t>(query.position.page_size));
      page.has_more = true;
      page.last_id = rows.back().project.id;
      page.last_sort_value = rows.back().project.code;
    }
    LoadPartners(s, rows);
    page.items = std::move(rows);
    return page;
  });
}

Expected<std::vector<ProjectWithFacts>> ProjectStore::All(std::int64_t consortium_id, const std::string& today,
                                                          std::int64_t involving_id) {
  return WithSession(*db_, "reading the portfolio", [&](soci::session& s) -> Expected<std::vector<ProjectWithFacts>> {
    return FetchAll(s, consortium_id, &today, involving_id);
  });
}

Expected<std::vector<ProjectRecord>> ProjectStore::Records(std::int64_t consortium_id, std::int64_t involving_id) {
  return WithSession(*db_, "reading projects", [&](soci::session& s) -> Expected<std::vector<ProjectRecord>> {
    std::vector<ProjectRecord> out;
    for (auto& p : FetchAll(s, consortium_id, nullptr, involving_id)) out.push_back(std::move(p.project));
    return out;
  });
}

Expected<std::vector<std::int64_t>> ProjectStore::InvolvedOrganisations(const std::string& code) {
  return WithSession(*db_, "reading a project's organisations", [&](soci::session& s) -> Expected<std::vector<std::int64_t>> {
    long long id = 0, consortium = 0;
    soci::indicator consortium_ind = soci::i_null;
    s << "SELECT id, consortium_id FROM projects WHERE code = :c", soci::use(code), soci::into(id),
        soci::into(consortium, consortium_ind);
    if (!s.got_data()) return ProjectNotFound(code);
    std::vector<std::int64_t> out;
    if (consortium_ind == soci::i_ok) out.push_back(consortium);
    BoundQuery q;
    q.Sql("SELECT organisation_id FROM project_partners WHERE project_id = " + q.Int(id));
    RunCached<long long>(
        s, q, [](long long& v, auto& st) { Col(st, v); },
        [&](long long v) { out.push_back(v); });
    return out;
  });
}

Expected<ProjectRecord> ProjectStore::Update(const ProjectRecord& p, std::int64_t expected_revision) {
  return InTransaction(*db_, "updating a project", [&](soci::session& s) -> Expected<ProjectRecord> {
    const auto current = FetchProject(s, p.code, nullptr);
    if (!current) return ProjectNotFound(p.code);
    KMHUB_TRY(CheckReferences(s, p));
    const long long now = NowMicros(), id = p.id, rev = expected_revision;
    OptionalId consortium(p.consortium_id), lead(p.lead_contact_id);
    const std::string codes = EncodeList(p.procedure_codes), comparators = EncodeIds(p.comparator_ids);
    soci::statement st =
        (s.prepare << "UPDATE projects SET title = :t, summary = :s, consortium_id = :c, lead_contact_id = :l, "
                      "state = :st, planned_start = :ps, planned_end = :pe, actual_start = :as, actual_end = :ae, "
                      "investment_pence = :i, procedure_codes = :pc, comparator_ids = :cmp, update_micros = :um, "
                      "revision = revision + 1 WHERE id = :id AND revision = :rev",
         soci::use(p.title), soci::use(p.summary), soci::use(consortium.value, consortium.indicator),
         soci::use(lead.value, lead.indicator), soci::use(p.state), soci::use(p.planned_start),
         soci::use(p.planned_end), soci::use(p.actual_start), soci::use(p.actual_end), soci::use(p.investment_pence),
         soci::use(codes), soci::use(comparators), soci::use(now), soci::use(id), soci::use(rev));
    st.execute(true);
    if (st.get_affected_rows() != 1)
      return Aborted("ETAG_MISMATCH", "project projects/" + p.code + " was changed by someone else; read it again and retry");
    WritePartners(s, p);
    auto updated = FetchProject(s, p.code, nullptr)->project;
    RecordChange(s, "projects/" + p.code, "updated project '" + p.title + "' to revision " + std::to_string(rev + 1),
                 domain::ChangedFields(domain::AuditFields(current->project), domain::AuditFields(updated)));
    return updated;
  });
}

Outcome ProjectStore::Delete(const std::string& code, std::int64_t expected_revision) {
  return InTransaction(*db_, "deleting a project", [&](soci::session& s) -> Outcome {
    auto current = FetchProject(s, code, nullptr);
    if (!current) return ProjectNotFound(code);
    if (expected_revision != 0 && current->project.revision != expected_revision)
      return Aborted("ETAG_MISMATCH", "project projects/" + code + " was changed since you read it");
    const long long id = current->project.id;
    // The project's forum threads stay (they are the forum's); only their link to it goes.
    s << "DELETE FROM forum_thread_projects WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM status_updates WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM milestones WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM project_partners WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM roi_monthly WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM roi_rollups WHERE project_id = :id", soci::use(id);
    s << "DELETE FROM projects WHERE id = :id", soci::use(id);
    RecordChange(s, "projects/" + code, "deleted project '" + current->project.title + "' with its milestones and updates",
                 domain::ChangedFields(domain::AuditFields(current->project), {}));
    return Ok{};
  });
}

Expected<Schedule> ProjectStore::GetSchedule(const std::string& code) {
  return WithSession(*db_, "reading milestones", [&](soci::session& s) { return ReadSchedule(s, code); });
}

Expected<MilestoneRecord> ProjectStore::SaveMilestone(const MilestoneRecord& m, std::int64_t expected_revision,
                                                      const std::string& request_id) {
  static const std::string kMethod = "CreateMilestone";
  return InTransaction(*db_, "saving a milestone", [&](soci::session& s) -> Expected<MilestoneRecord> {
    if (m.id == 0) {
      if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
        BoundQuery q;
        q.Sql(kMilestoneColumns).Sql(" WHERE id = " + q.Int(std::stoll(earlier->substr(earlier->rfind('/') + 1))));
        auto rows = FetchMilestones(s, q);
        if (!rows.empty()) return rows.front();
      }
    }
    if (!ClaimSchedule(s, m.project_id, expected_revision)) return ScheduleChanged();
    if (m.owner_organisation_id && !Exists(s, "organisations", m.owner_organisation_id))
      return NotFound("ORGANISATION_NOT_FOUND", "milestone.owner_organisation: organisation " +
                                                    OrganisationName(m.owner_organisation_id) + " does not exist");
    OptionalId owner(m.owner_organisation_id);
    domain::AuditFieldValues previous;  // the milestone before an update; none for a new one
    const std::string predecessors = EncodePredecessors(m.predecessor_ids, m.link_timings);
    const long long project = m.project_id;
    long long id = m.id;
    if (id == 0) {
      s << "INSERT INTO milestones (project_id, title, owner_organisation_id, start_date, baseline_due, due, "
           "completed, percent_complete, external_id, predecessors, revision) VALUES (:p, :t, :o, :s, :b, :d, :c, "
           ":pc, :x, :pr, 1) RETURNING id",
          soci::use(project), soci::use(m.title), soci::use(owner.value, owner.indicator), soci::use(m.start_date),
          soci::use(m.baseline_due), soci::use(m.due), soci::use(m.completed), soci::use(m.percent_complete),
          soci::use(m.external_id), soci::use(predecessors), soci::into(id);
      std::string code;
      s << "SELECT code FROM projects WHERE id = :id", soci::use(project), soci::into(code);
      LogRequest(s, kMethod, request_id, "projects/" + code + "/milestones/" + std::to_string(id));
    } else {
      BoundQuery before;
      before.Sql(kMilestoneColumns).Sql(" WHERE id = " + before.Int(id) + " AND project_id = " + before.Int(project));
      const auto rows = FetchMilestones(s, before);
      if (rows.empty()) return NotFound("MILESTONE_NOT_FOUND", "milestone " + std::to_string(id) + " does not exist");
      previous = domain::AuditFields(rows.front());
      soci::statement st =
          (s.prepare << "UPDATE milestones SET title = :t, owner_organisation_id = :o, start_date = :s, "
                        "baseline_due = :b, due = :d, completed = :c, percent_complete = :pc, external_id = :x, "
                        "predecessors = :pr, revision = revision + 1 WHERE id = :id AND project_id = :p",
           soci::use(m.title), soci::use(owner.value, owner.indicator), soci::use(m.start_date),
           soci::use(m.baseline_due), soci::use(m.due), soci::use(m.completed), soci::use(m.percent_complete),
           soci::use(m.external_id), soci::use(predecessors), soci::use(id), soci::use(project));
      st.execute(true);
      if (st.get_affected_rows() != 1) return NotFound("MILESTONE_NOT_FOUND", "milestone " + std::to_string(id) + " does not exist");
    }
    std::string code;
    s << "SELECT code FROM projects WHERE id = :id", soci::use(project), soci::into(code);
    BoundQuery q;
    q.Sql(kMilestoneColumns).Sql(" WHERE id = " + q.Int(id));
    auto saved = FetchMilestones(s, q).front();
    RecordChange(s, "projects/" + code + "/milestones/" + std::to_string(id),
                 std::string(m.id == 0 ? "created" : "updated") + " milestone '" + m.title + "' due " + m.due,
                 domain::ChangedFields(previous, domain::AuditFields(saved)));
    return saved;
  });
}

namespace {

std::string PlanImportSummary(const PlanImportCounts& counts) {
  return "created=" + std::to_string(counts.created) + ";updated=" + std::to_string(counts.updated);
}

PlanImportCounts ParsePlanImportSummary(const std::string& summary) {
  PlanImportCounts counts;
  std::sscanf(summary.c_str(), "created=%d;updated=%d", &counts.created, &counts.updated);
  return counts;
}

std::vector<MilestoneRecord> MilestonesOf(soci::session& s, std::int64_t project_id) {
  BoundQuery q;
  q.Sql(kMilestoneColumns).Sql(" WHERE project_id = " + q.Int(project_id) + " ORDER BY due, id");
  return FetchMilestones(s, q);
}

}  // namespace

Expected<AppliedPlan> ProjectStore::ApplyPlan(std::int64_t project_id, std::int64_t expected_revision,
                                              const std::vector<MilestoneRecord>& milestones, PlanImportCounts counts,
                                              bool dry_run, const std::string& request_id) {
  static const std::string kMethod = "ImportPlan";
  return WithSession(*db_, "importing a plan", [&](soci::session& s) -> Expected<AppliedPlan> {
    Transaction tx(s, *db_);
    // Looked up once the schedule's row is claimed (or found changed): a retry that arrives
    // while the first import is still writing waits for it and then finds its answer.
    const bool claimed = ClaimSchedule(s, project_id, expected_revision);
    if (!dry_run)
      if (const auto logged = FindLoggedRequest(s, kMethod, request_id))
        return AppliedPlan{MilestonesOf(s, project_id), ParsePlanImportSummary(*logged), true};
    if (!claimed) return ScheduleChanged();
    const long long project = project_id;
    std::map<std::int64_t, std::int64_t> real_ids;
    for (const auto& m : milestones) {
      if (m.id >= 0) continue;
      long long id = 0;
      s << "INSERT INTO milestones (project_id, title, baseline_due, due) VALUES (:p, :t, :b, :d) RETURNING id",
          soci::use(project), soci::use(m.title), soci::use(m.baseline_due), soci::use(m.due), soci::into(id);
      real_ids[m.id] = id;
    }
    auto real = [&](std::int64_t id) { return id < 0 ? real_ids.at(id) : id; };
    for (const auto& m : milestones) {
      const std::string encoded = EncodePredecessors(m.predecessor_ids, m.link_timings, real);
      const long long id = real(m.id);
      OptionalId owner(m.owner_organisation_id);
      s << "UPDATE milestones SET title = :t, owner_organisation_id = :o, start_date = :s, baseline_due = :b, "
           "due = :d, completed = :c, percent_complete = :pc, external_id = :x, predecessors = :pr, "
           "revision = revision + 1 WHERE id = :id AND project_id = :p",
          soci::use(m.title), soci::use(owner.value, owner.indicator), soci::use(m.start_date),
          soci::use(m.baseline_due), soci::use(m.due), soci::use(m.completed), soci::use(m.percent_complete),
          soci::use(m.external_id), soci::use(encoded), soci::use(id), soci::use(project);
    }
    AppliedPlan applied{MilestonesOf(s, project_id), counts, false};
    if (!dry_run) {
      std::string code;
      s << "SELECT code FROM projects WHERE id = :id", soci::use(project), soci::into(code);
      LogRequest(s, kMethod, request_id, PlanImportSummary(counts));
      RecordChange(s, "projects/" + code + "/milestones",
                   "imported a plan: " + std::to_string(counts.created) + " milestone(s) added, " +
                       std::to_string(counts.updated) + " updated");
      tx.Commit();
    }
    return applied;
  });
}

Outcome ProjectStore::DeleteMilestone(std::int64_t project_id, std::int64_t milestone_id, std::int64_t expected_revision) {
  return InTransaction(*db_, "deleting a milestone", [&](soci::session& s) -> Outcome {
    if (!ClaimSchedule(s, project_id, expected_revision)) return ScheduleChanged();
    BoundQuery q;
    q.Sql(kMilestoneColumns).Sql(" WHERE project_id = " + q.Int(project_id));
    bool found = false;
    domain::AuditFieldValues deleted;
    for (auto& m : FetchMilestones(s, q)) {
      if (m.id == milestone_id) {
        found = true;
        deleted = domain::AuditFields(m);
        continue;
      }
      const auto before = m.predecessor_ids.size();
      std::erase(m.predecessor_ids, milestone_id);
      if (m.predecessor_ids.size() != before) {
        const std::string predecessors = EncodePredecessors(m.predecessor_ids, m.link_timings);
        const long long id = m.id;
        s << "UPDATE milestones SET predecessors = :pr, revision = revision + 1 WHERE id = :id", soci::use(predecessors),
            soci::use(id);
      }
    }
    if (!found) return NotFound("MILESTONE_NOT_FOUND", "milestone " + std::to_string(milestone_id) + " does not exist");
    const long long id = milestone_id, project = project_id;
    s << "DELETE FROM milestones WHERE id = :id", soci::use(id);
    std::string code;
    s << "SELECT code FROM projects WHERE id = :id", soci::use(project), soci::into(code);
    RecordChange(s, "projects/" + code + "/milestones/" + std::to_string(milestone_id), "deleted milestone",
                 domain::ChangedFields(deleted, {}));
    return Ok{};
  });
}

Expected<StatusUpdateRecord> ProjectStore::AddStatusUpdate(const StatusUpdateRecord& u, const std::string& request_id) {
  static const std::string kMethod = "CreateStatusUpdate";
  return InTransaction(*db_, "adding a status update", [&](soci::session& s) -> Expected<StatusUpdateRecord> {
    long long id = 0;
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
      id = std::stoll(earlier->substr(earlier->rfind('/') + 1));
    } else {
      if (u.author_contact_id) {
        long long org = 0;
        const long long key = u.author_contact_id;
        s << "SELECT organisation_id FROM contacts WHERE id = :id", soci::use(key), soci::into(org);
        if (!s.got_data() || org != u.author_organisation_id)
          return NotFound("CONTACT_NOT_FOUND", "status_update.author: contact " +
                                                   ContactName(u.author_organisation_id, u.author_contact_id) +
                                                   " does not exist");
      }
      OptionalId author(u.author_contact_id);
      const long long project = u.project_id, now = NowMicros();
      s << "INSERT INTO status_updates (project_id, update_date, narrative, rag, author_contact_id, create_micros) "
           "VALUES (:p, :d, :n, :r, :a, :c) RETURNING id",
          soci::use(project), soci::use(u.date), soci::use(u.narrative), soci::use(u.rag),
          soci::use(author.value, author.indicator), soci::use(now), soci::into(id);
      std::string code;
      s << "SELECT code FROM projects WHERE id = :id", soci::use(project), soci::into(code);
      LogRequest(s, kMethod, request_id, "projects/" + code + "/updates/" + std::to_string(id));
      RecordChange(s, "projects/" + code + "/updates/" + std::to_string(id),
                   "added a status update dated " + u.date + " with RAG " + std::to_string(u.rag));
    }
    BoundQuery q;
    q.Sql(kUpdateColumns).Sql(" WHERE u.id = " + q.Int(id));
    return FetchUpdates(s, q).front();
  });
}

Expected<Page<StatusUpdateRecord>> ProjectStore::ListStatusUpdates(std::int64_t project_id, const PagePosition& position) {
  return WithSession(*db_, "listing status updates", [&](soci::session& s) -> Expected<Page<StatusUpdateRecord>> {
    BoundQuery q;
    q.Sql(kUpdateColumns).Sql(" WHERE u.project_id = " + q.Int(project_id));
    // Newest first: by date, then by id; the sort value is the date.
    if (position.last_id > 0)
      q.Sql(" AND (u.update_date < " + q.Text(position.last_sort_value) + " OR (u.update_date = " +
            q.Text(position.last_sort_value) + " AND u.id < " + q.Int(position.last_id) + "))");
    q.Sql(" ORDER BY u.update_date DESC, u.id DESC LIMIT " + q.Int(position.page_size + 1));
    return MakePage(FetchUpdates(s, q), position.page_size, [](const StatusUpdateRecord& r) { return r.date; });
  });
}

Expected<std::optional<StatusUpdateRecord>> ProjectStore::LatestStatusUpdate(std::int64_t project_id) {
  return WithSession(*db_, "reading the latest status update",
                     [&](soci::session& s) -> Expected<std::optional<StatusUpdateRecord>> {
                       BoundQuery q;
                       q.Sql(kUpdateColumns).Sql(" WHERE u.project_id = " + q.Int(project_id) +
                                                 " ORDER BY u.update_date DESC, u.id DESC LIMIT 1");
                       auto rows = FetchUpdates(s, q);
                       if (rows.empty()) return std::optional<StatusUpdateRecord>();
                       return std::optional<StatusUpdateRecord>(rows.front());
                     });
}

Expected<int> ProjectStore::ContributorCount(std::int64_t project_id) {
  return WithSession(*db_, "counting contributors",
                     [&](soci::session& s) -> Expected<int> { return CountContributors(s, project_id); });
}

namespace {

// A project with its latest status update (id 0: none yet), in one row.
struct StatusHeadRow {
  ProjectRow project;
  UpdateRow update;
  template <typename St>
  void Exchange(St& st) {
    project.Exchange(st, false);
    update.Exchange(st);
  }
};

}  // namespace

Expected<ProjectStatusSnapshot> ProjectStore::StatusSnapshot(const std::string& code, const std::string& today) {
  return WithReadSnapshot(*db_, "reading a project's status", [&](soci::session& s) -> Expected<ProjectStatusSnapshot> {
    ProjectStatusSnapshot snapshot;
    // The project and its latest update in one query; its RAG facts follow from that update and
    // the milestones, which the status reads anyway (the same rules as FactColumns).
    BoundQuery head;
    head.Sql(kProjectColumns)
        .Sql(", COALESCE(u.id, 0), COALESCE(u.project_id, 0), COALESCE(u.update_date, ''), COALESCE(u.narrative, ''), "
             "COALESCE(u.rag, 0), COALESCE(uc.organisation_id, 0), COALESCE(u.author_contact_id, 0), "
             "COALESCE(u.create_micros, 0)")
        .Sql(kProjectFrom)
        .Sql(" LEFT JOIN status_updates u ON u.id = (SELECT l.id FROM status_updates l WHERE l.project_id = p.id "
             "ORDER BY l.update_date DESC, l.id DESC LIMIT 1) LEFT JOIN contacts uc ON uc.id = u.author_contact_id "
             "WHERE p.code = " +
             head.Text(code));
    std::vector<ProjectWithFacts> projects;
    RunCached<StatusHeadRow>(
        s, head, [](StatusHeadRow& r, auto& st) { r.Exchange(st); },
        [&](const StatusHeadRow& r) {
          projects.push_back(r.project.ToRecord());
          if (r.update.id) snapshot.latest_update = r.update.ToRecord();
        });
    if (projects.empty()) return ProjectNotFound(code);
    LoadPartners(s, projects);
    snapshot.project = std::move(projects.front());
    const std::int64_t id = snapshot.project.project.id;
    BoundQuery milestones;
    milestones.Sql(kMilestoneColumns).Sql(" WHERE project_id = " + milestones.Int(id) + " ORDER BY due, id");
    snapshot.milestones = FetchMilestones(s, milestones);
    auto& facts = snapshot.project.facts;
    facts = {};
    if (snapshot.latest_update) {
      facts.latest_update_rag = snapshot.latest_update->rag;
      facts.latest_update_date = snapshot.latest_update->date;
    }
    for (const auto& m : snapshot.milestones) {
      if (!domain::IsOverdue(m, today)) continue;
      ++facts.overdue_milestones;
      if (facts.earliest_overdue_due.empty() || m.due < facts.earliest_overdue_due) facts.earliest_overdue_due = m.due;
    }
    snapshot.contributors = CountContributors(s, id);
    return snapshot;
  });
}

}  // namespace kmhub::store
