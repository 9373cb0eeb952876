#include "server/activity/activity_store.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "server/platform/db/batch_insert.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"

namespace kmhub::store {

namespace {

// " AND organisation_id IN (:p0, :p1) AND procedure_code IN (…)", every value bound.
void AppendScope(BoundQuery& q, const ActivityScope& scope) {
  q.Sql(" AND organisation_id IN " + q.IntList(scope.organisation_ids));
  q.Sql(" AND procedure_code IN " + q.TextList(scope.procedure_codes));
}

bool Empty(const ActivityScope& scope) { return scope.organisation_ids.empty() || scope.procedure_codes.empty(); }

// What a roll-up was built for: "1,5,9|HB12C,W371" (the API gives ids and codes sorted).
std::string ScopeKey(const ActivityScope& scope) {
  std::string key;
  for (auto id : scope.organisation_ids) key += (key.empty() ? "" : ",") + std::to_string(id);
  key += '|';
  for (std::size_t i = 0; i < scope.procedure_codes.size(); ++i) key += (i ? "," : "") + scope.procedure_codes[i];
  return key;
}

struct Rollup {
  std::string scope_key;
  long long generation = -1;
};

// Projects whose roll-up is missing, built for another scope, or older than an import into
// one of its organisations; with the generation each would be stamped with.
std::vector<std::pair<const ProjectScope*, long long>> StaleRollups(soci::session& s,
                                                                     const std::vector<ProjectScope>& projects) {
  std::map<std::int64_t, long long> changed;  // organisation → generation of its last import
  {
    long long organisation = 0, generation = 0;
    soci::statement st = (s.prepare << "SELECT organisation_id, generation FROM activity_changes",
                          soci::into(organisation), soci::into(generation));
    if (st.execute(true))
      do changed[organisation] = generation;
      while (st.fetch());
  }
  std::map<std::int64_t, Rollup> built;
  {
    long long project = 0;
    Rollup r;
    soci::statement st = (s.prepare << "SELECT project_id, scope_key, generation FROM roi_rollups",
                          soci::into(project), soci::into(r.scope_key), soci::into(r.generation));
    if (st.execute(true))
      do built[project] = r;
      while (st.fetch());
  }
  std::vector<std::pair<const ProjectScope*, long long>> stale;
  for (const auto& p : projects) {
    long long needed = 0;
    for (auto id : p.scope.organisation_ids)
      if (auto c = changed.find(id); c != changed.end()) needed = std::max(needed, c->second);
    const auto b = built.find(p.project_id);
    if (b == built.end() || b->second.scope_key != ScopeKey(p.scope) || b->second.generation < needed)
      stale.emplace_back(&p, needed);
  }
  return stale;
}

// Rebuilds one project's roll-up from activity in a single INSERT … SELECT … GROUP BY.
void RebuildRollup(soci::session& s, const ProjectScope& p, long long generation) {
  long long project = p.project_id;
  s << "DELETE FROM roi_monthly WHERE project_id = :p", soci::use(project);
  if (!Empty(p.scope)) {
    BoundQuery q;
    q.Sql("INSERT INTO roi_monthly (project_id, month, procedures, cost_pence) SELECT CAST(" + q.Int(project) +
          " AS BIGINT), month, SUM(procedures), SUM(cost_pence) FROM activity WHERE 1 = 1");
    AppendScope(q, p.scope);
    // Another call may rebuild the same roll-up at the same time (PostgreSQL): same sums.
    q.Sql(" GROUP BY month ON CONFLICT (project_id, month) DO UPDATE SET procedures = excluded.procedures, "
          "cost_pence = excluded.cost_pence");
    soci::statement st(s);
    q.PrepareInto(st);
    st.execute(true);
  }
  std::string key = ScopeKey(p.scope);
  s << "INSERT INTO roi_rollups (project_id, scope_key, generation) VALUES (:p, :k, :g) ON CONFLICT (project_id) "
       "DO UPDATE SET scope_key = excluded.scope_key, generation = excluded.generation",
      soci::use(project), soci::use(key), soci::use(generation);
}

struct MonthRow {
  std::string month;
  long long procedures = 0, cost = 0;
};

}  // namespace

Outcome ActivityStore::UpsertProcedures(const std::vector<ProcedureRecord>& procedures) {
  return InTransaction(*db_, "writing the procedure catalogue", [&](soci::session& s) -> Outcome {
    for (const auto& p : procedures) {
      s << "INSERT INTO procedures (code, kind, description) VALUES (:c, :k, :d) "
           "ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, description = excluded.description",
          soci::use(p.code), soci::use(p.kind), soci::use(p.description);
      for (const auto& [year, pence] : p.tariff_pence) {
        const int fy = year;
        const long long tariff = pence;
        s << "INSERT INTO procedure_tariffs (procedure_code, financial_year, tariff_pence) VALUES (:c, :y, :t) "
             "ON CONFLICT (procedure_code, financial_year) DO UPDATE SET tariff_pence = excluded.tariff_pence",
            soci::use(p.code), soci::use(fy), soci::use(tariff);
      }
    }
    RecordChange(s, "procedures", "imported " + std::to_string(procedures.size()) + " procedure(s) with tariffs");
    return Ok{};
  });
}

Expected<std::vector<ProcedureRecord>> ActivityStore::Procedures(const std::vector<std::string>& codes) {
  return WithSession(*db_, "reading the procedure catalogue", [&](soci::session& s) -> Expected<std::vector<ProcedureRecord>> {
    BoundQuery q;
    q.Sql("SELECT p.code, p.kind, p.description, COALESCE(t.financial_year, 0), COALESCE(t.tariff_pence, 0) "
          "FROM procedures p LEFT JOIN procedure_tariffs t ON t.procedure_code = p.code");
    if (!codes.empty()) {
      q.Sql(" WHERE p.code IN " + q.TextList(codes));
    }
    q.Sql(" ORDER BY p.code, 4");
    struct Row {
      std::string code, description;
      int kind = 0, year = 0;
      long long tariff = 0;
    };
    std::vector<ProcedureRecord> out;
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.code);
          Col(st, r.kind);
          Col(st, r.description);
          Col(st, r.year);
          Col(st, r.tariff);
        },
        [&](const Row& r) {
          if (out.empty() || out.back().code != r.code) out.push_back({r.code, r.kind, r.description, {}});
          if (r.year) out.back().tariff_pence[r.year] = r.tariff;
        });
    return out;
  });
}

namespace {

// Rows stored for these organisations (counted before and after an import to tell how many of
// its rows replaced earlier figures, without counting the whole table): one query per 500.
long long CountRows(soci::session& s, const std::vector<std::int64_t>& organisations) {
  constexpr std::size_t kPerQuery = 500;
  long long total = 0;
  for (std::size_t from = 0; from < organisations.size(); from += kPerQuery) {
    BoundQuery q;
    q.Sql("SELECT COUNT(*) FROM activity WHERE organisation_id IN " + q.IntList(organisations, from, from + kPerQuery));
    RunCached<long long>(
        s, q, [](long long& v, auto& st) { Col(st, v); },
        [&](long long v) { total += v; });
  }
  return total;
}

}  // namespace

Expected<ActivityImportResult> ActivityStore::ReplaceActivity(const std::vector<ActivityRecord>& rows, bool dry_run,
                                                              const std::string& request_id) {
  static const std::string kMethod = "ImportActivity";
  return WithSession(*db_, "importing activity", [&](soci::session& s) -> Expected<ActivityImportResult> {
    Transaction tx(s, *db_);
    // The row lock serialises imports, so each has its own generation.
    s << "UPDATE activity_generation SET generation = generation + 1 WHERE id = 1";
    // Looked up once the lock is held: a retry arriving while the first import still writes
    // waits for it and then finds its log entry.
    if (!dry_run)
      if (const auto logged = FindLoggedRequest(s, kMethod, request_id)) {
        ActivityImportResult earlier{0, true};
        std::sscanf(logged->c_str(), "replaced=%" SCNd64, &earlier.replaced);
        return earlier;  // rolled back: the generation is not spent
      }
    long long generation = 0;
    s << "SELECT generation FROM activity_generation WHERE id = 1", soci::into(generation);
    std::vector<std::int64_t> touched;
    for (const auto& r : rows)
      if (touched.empty() || touched.back() != r.organisation_id) touched.push_back(r.organisation_id);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    const long long before = CountRows(s, touched);
    BatchInsert writer(s, "INSERT INTO activity (organisation_id, procedure_code, month, procedures, cost_pence)",
                       "ON CONFLICT (organisation_id, procedure_code, month) DO UPDATE SET procedures = "
                       "excluded.procedures, cost_pence = excluded.cost_pence",
                       {BatchInsert::Kind::kInt, BatchInsert::Kind::kText, BatchInsert::Kind::kText,
                        BatchInsert::Kind::kInt, BatchInsert::Kind::kInt});
    for (const auto& r : rows) {
      writer.Int(0, r.organisation_id);
      writer.Text(1, r.procedure_code);
      writer.Text(2, r.month.ToString());
      writer.Int(3, r.procedures);
      writer.Int(4, r.cost_pence);
      writer.EndRow();
    }
    writer.Flush();
    const long long after = CountRows(s, touched);
    const std::int64_t replaced = static_cast<std::int64_t>(rows.size()) - (after - before);
    long long organisation = 0;
    soci::statement stamp =
        (s.prepare << "INSERT INTO activity_changes (organisation_id, generation) VALUES (:o, :g) ON CONFLICT "
                      "(organisation_id) DO UPDATE SET generation = excluded.generation",
         soci::use(organisation), soci::use(generation));
    for (auto id : touched) {
      organisation = id;
      stamp.execute(true);
    }
    if (!dry_run) {
      LogRequest(s, kMethod, request_id, "replaced=" + std::to_string(replaced));
      RecordChange(s, "activity", "imported " + std::to_string(rows.size()) + " activity row(s), " +
                                      std::to_string(replaced) + " of them replacing earlier figures");
      tx.Commit();
    }
    return ActivityImportResult{replaced, false};
  });
}

namespace {

void AppendFilter(BoundQuery& q, const ActivityFilter& f) {
  if (f.organisation_id != 0) q.Sql(" AND organisation_id = " + q.Int(f.organisation_id));
  if (!f.procedure_code.empty()) q.Sql(" AND procedure_code = " + q.Text(f.procedure_code));
  if (f.from) q.Sql(" AND month >= " + q.Text(f.from->ToString()));
  if (f.to) q.Sql(" AND month <= " + q.Text(f.to->ToString()));
}

struct TotalRow {
  std::string key;
  long long organisation = 0, procedures = 0, cost = 0;

  template <typename St>
  void Exchange(St& st) {
    Col(st, key);
    Col(st, organisation);
    Col(st, procedures);
    Col(st, cost);
  }
  ActivityTotalRecord ToRecord() const { return {key, organisation, procedures, cost}; }
};

}  // namespace

Expected<std::vector<ActivityTotalRecord>> ActivityStore::Totals(const ActivityFilter& filter, ActivityGroup group,
                                                                 const std::string& after_key,
                                                                 std::int64_t after_organisation, int limit) {
  return WithSession(*db_, "summing activity", [&](soci::session& s) -> Expected<std::vector<ActivityTotalRecord>> {
    const char* column = group == ActivityGroup::kMonth       ? "month"
                         : group == ActivityGroup::kProcedure ? "procedure_code"
                                                              : "organisation_id";
    const bool by_organisation = group == ActivityGroup::kOrganisation;
    BoundQuery q;
    q.Sql(std::string("SELECT ") + (by_organisation ? "''" : column) + ", " + (by_organisation ? column : "0") +
          ", SUM(procedures), SUM(cost_pence) FROM activity WHERE 1 = 1");
    AppendFilter(q, filter);
    if (by_organisation && after_organisation != 0) q.Sql(" AND organisation_id > " + q.Int(after_organisation));
    if (!by_organisation && !after_key.empty()) q.Sql(std::string(" AND ") + column + " > " + q.Text(after_key));
    q.Sql(std::string(" GROUP BY ") + column + " ORDER BY " + column + " LIMIT " + q.Int(limit + 1));
    return FetchRecords<TotalRow>(s, q);
  });
}

Expected<ActivityTotalRecord> ActivityStore::GrandTotal(const ActivityFilter& filter) {
  return WithSession(*db_, "summing activity", [&](soci::session& s) -> Expected<ActivityTotalRecord> {
    BoundQuery q;
    q.Sql("SELECT '', 0, COALESCE(SUM(procedures), 0), COALESCE(SUM(cost_pence), 0) FROM activity WHERE 1 = 1");
    AppendFilter(q, filter);
    const auto rows = FetchRecords<TotalRow>(s, q);  // an aggregate without GROUP BY: one row
    return rows.empty() ? ActivityTotalRecord{} : rows.front();
  });
}

Expected<std::vector<ProcedureRecord>> ActivityStore::ProcedurePage(const std::string& after_code, int financial_year,
                                                                    int limit) {
  std::vector<std::string> codes;
  auto read = WithSession(*db_, "reading the procedure catalogue", [&](soci::session& s) -> Outcome {
    BoundQuery q;
    q.Sql("SELECT p.code FROM procedures p WHERE p.code > " + q.Text(after_code));
    if (financial_year != 0)
      q.Sql(" AND EXISTS (SELECT 1 FROM procedure_tariffs t WHERE t.procedure_code = p.code AND t.financial_year = " +
            q.Int(financial_year) + ")");
    q.Sql(" ORDER BY p.code LIMIT " + q.Int(limit + 1));
    RunCached<std::string>(
        s, q, [](std::string& code, auto& st) { Col(st, code); }, [&](const std::string& code) { codes.push_back(code); });
    return Ok{};
  });
  if (!read) return read.error();
  if (codes.empty()) return std::vector<ProcedureRecord>{};
  auto page = Procedures(codes);
  if (!page) return page;
  if (financial_year != 0)
    for (auto& p : *page) {
      const auto tariff = p.tariff_pence.find(financial_year);
      std::map<int, std::int64_t> only;
      if (tariff != p.tariff_pence.end()) only.insert(*tariff);
      p.tariff_pence = std::move(only);
    }
  return page;
}

Expected<std::vector<MonthlyActivity>> ActivityStore::MonthlyTotals(const ActivityScope& scope, Month from, Month to) {
  return WithSession(*db_, "summing activity", [&](soci::session& s) -> Expected<std::vector<MonthlyActivity>> {
    std::vector<MonthlyActivity> out;
    if (Empty(scope)) return out;
    BoundQuery q;
    q.Sql("SELECT month, SUM(procedures), SUM(cost_pence) FROM activity WHERE month >= " + q.Text(from.ToString()) +
          " AND month <= " + q.Text(to.ToString()));
    AppendScope(q, scope);
    q.Sql(" GROUP BY month ORDER BY month");
    RunCached<MonthRow>(
        s, q,
        [](MonthRow& r, auto& st) {
          Col(st, r.month);
          Col(st, r.procedures);
          Col(st, r.cost);
        },
        [&](const MonthRow& r) {
          if (auto m = Month::Parse(r.month)) out.push_back({*m, r.procedures, r.cost});
        });
    return out;
  });
}

Expected<std::optional<Month>> ActivityStore::LatestMonth(const ActivityScope& scope) {
  return WithSession(*db_, "finding the latest activity", [&](soci::session& s) -> Expected<std::optional<Month>> {
    if (Empty(scope)) return std::optional<Month>();
    BoundQuery q;
    q.Sql("SELECT COALESCE(MAX(month), '') FROM activity WHERE 1 = 1");
    AppendScope(q, scope);
    std::string latest;
    RunCached<std::string>(
        s, q, [](std::string& v, auto& st) { Col(st, v); },
        [&](const std::string& v) { latest = v; });
    return Month::Parse(latest);
  });
}

Expected<std::map<std::int64_t, std::vector<MonthlyActivity>>> ActivityStore::ProjectMonthlyTotals(
    const std::vector<ProjectScope>& projects) {
  using Totals = std::map<std::int64_t, std::vector<MonthlyActivity>>;
  KMHUB_ASSIGN_OR_RETURN(
      const auto stale,
      WithSession(*db_, "checking the ROI roll-ups",
                  [&](soci::session& s) -> Expected<std::vector<std::pair<const ProjectScope*, long long>>> {
                    return StaleRollups(s, projects);
                  }));
  if (!stale.empty()) {
    // Sums read in this transaction may already include an import newer than the stamp: the
    // roll-up is then merely rebuilt once more than needed, never left stale.
    KMHUB_TRY(InTransaction(*db_, "building the ROI roll-ups", [&](soci::session& s) -> Outcome {
      for (const auto& [project, generation] : stale) RebuildRollup(s, *project, generation);
      return Ok{};
    }));
  }
  return WithSession(*db_, "reading the ROI roll-ups", [&](soci::session& s) -> Expected<Totals> {
    Totals out;
    for (const auto& p : projects) out[p.project_id];
    // A few projects: ask for them; many: reading the whole (small) cache is cheaper than a
    // long IN list.
    constexpr std::size_t kListed = 200;
    BoundQuery q;
    q.Sql("SELECT project_id, month, procedures, cost_pence FROM roi_monthly");
    if (projects.size() <= kListed) {
      q.Sql(" WHERE project_id IN (");
      for (std::size_t i = 0; i < projects.size(); ++i) q.Sql((i ? ", " : "") + q.Int(projects[i].project_id));
      q.Sql(")");
    }
    q.Sql(" ORDER BY project_id, month");
    if (projects.empty()) return out;
    struct Row {
      long long project = 0;
      MonthRow totals;
    };
    std::vector<MonthlyActivity>* current = nullptr;
    long long current_id = -1;
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.project);
          Col(st, r.totals.month);
          Col(st, r.totals.procedures);
          Col(st, r.totals.cost);
        },
        [&](const Row& r) {
          if (r.project != current_id) {
            current_id = r.project;
            const auto found = out.find(r.project);
            current = found == out.end() ? nullptr : &found->second;
          }
          if (!current) return;
          if (auto m = Month::Parse(r.totals.month)) current->push_back({*m, r.totals.procedures, r.totals.cost});
        });
    return out;
  });
}

}  // namespace kmhub::store
