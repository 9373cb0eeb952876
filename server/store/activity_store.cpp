#include "server/store/activity_store.h"

#include "server/store/bound_query.h"
#include "server/store/change_record.h"
#include "server/store/session.h"

namespace kmhub::store {

namespace {

// " AND organisation_id IN (:p0, :p1) AND procedure_code IN (…)", every value bound.
void AppendScope(BoundQuery& q, const ActivityScope& scope) {
  q.Sql(" AND organisation_id IN (");
  for (std::size_t i = 0; i < scope.organisation_ids.size(); ++i)
    q.Sql((i ? ", " : "") + q.Int(scope.organisation_ids[i]));
  q.Sql(") AND procedure_code IN (");
  for (std::size_t i = 0; i < scope.procedure_codes.size(); ++i)
    q.Sql((i ? ", " : "") + q.Text(scope.procedure_codes[i]));
  q.Sql(")");
}

bool Empty(const ActivityScope& scope) { return scope.organisation_ids.empty() || scope.procedure_codes.empty(); }

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
      q.Sql(" WHERE p.code IN (");
      for (std::size_t i = 0; i < codes.size(); ++i) q.Sql((i ? ", " : "") + q.Text(codes[i]));
      q.Sql(")");
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
        [](Row& r, soci::statement& st) {
          st.exchange(soci::into(r.code));
          st.exchange(soci::into(r.kind));
          st.exchange(soci::into(r.description));
          st.exchange(soci::into(r.year));
          st.exchange(soci::into(r.tariff));
        },
        [&](const Row& r) {
          if (out.empty() || out.back().code != r.code) out.push_back({r.code, r.kind, r.description, {}});
          if (r.year) out.back().tariff_pence[r.year] = r.tariff;
        });
    return out;
  });
}

Expected<std::int64_t> ActivityStore::ReplaceActivity(const std::vector<ActivityRecord>& rows, bool dry_run) {
  return WithSession(*db_, "importing activity", [&](soci::session& s) -> Expected<std::int64_t> {
    Transaction tx(s, db_->dialect());
    long long before = 0;
    s << "SELECT COUNT(*) FROM activity", soci::into(before);
    // One prepared statement, executed per row with new values.
    long long organisation = 0, procedures = 0, cost = 0;
    std::string code, month;
    soci::statement st = (s.prepare << "INSERT INTO activity (organisation_id, procedure_code, month, procedures, "
                                       "cost_pence) VALUES (:o, :c, :m, :n, :p) ON CONFLICT (organisation_id, "
                                       "procedure_code, month) DO UPDATE SET procedures = excluded.procedures, "
                                       "cost_pence = excluded.cost_pence",
                          soci::use(organisation), soci::use(code), soci::use(month), soci::use(procedures),
                          soci::use(cost));
    for (const auto& r : rows) {
      organisation = r.organisation_id;
      code = r.procedure_code;
      month = r.month.ToString();
      procedures = r.procedures;
      cost = r.cost_pence;
      st.execute(true);
    }
    long long after = 0;
    s << "SELECT COUNT(*) FROM activity", soci::into(after);
    const std::int64_t replaced = static_cast<std::int64_t>(rows.size()) - (after - before);
    if (!dry_run) {
      RecordChange(s, "activity", "imported " + std::to_string(rows.size()) + " activity row(s), " +
                                      std::to_string(replaced) + " of them replacing earlier figures");
      tx.Commit();
    }
    return replaced;
  });
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
        [](MonthRow& r, soci::statement& st) {
          st.exchange(soci::into(r.month));
          st.exchange(soci::into(r.procedures));
          st.exchange(soci::into(r.cost));
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
        s, q, [](std::string& v, soci::statement& st) { st.exchange(soci::into(v)); },
        [&](const std::string& v) { latest = v; });
    return Month::Parse(latest);
  });
}

}  // namespace kmhub::store
