// kmhub-bench-seed: fills a database with N projects of M milestones each (chains with a
// fork, some slipping and overdue, one status update each) for the projects benchmark.
// It writes through the store, one transaction per project.

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "server/projects/plan.h"
#include "server/projects/project_rules.h"
#include "server/platform/db/migrations.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_store.h"
#include "shared/civil_date.h"

using namespace kmhub;

namespace {
std::string Offset(CivilDate day, int days) {
  return CivilDate(std::chrono::year_month_day(day.days() + std::chrono::days(days))).ToString();
}
}  // namespace

int main(int argc, char** argv) {
  std::string url = "sqlite:bench-projects.db";
  int projects = 10000, milestones = 10;
  CLI::App app{"kmhub-bench-seed: projects and milestones for bench/"};
  app.add_option("--database", url, "Database URL")->capture_default_str();
  app.add_option("--projects", projects, "Projects")->capture_default_str();
  app.add_option("--milestones", milestones, "Milestones per project")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto db = store::Database::Open({url, 1, 5000, 5000});
  if (!db || !store::Migrate(**db)) {
    std::fprintf(stderr, "cannot open or migrate %s\n", url.c_str());
    return 1;
  }
  store::OrganisationStore organisations(*db);
  store::ProjectStore store(*db);
  std::vector<std::int64_t> consortia;
  for (int c = 0; c < 10; ++c) {
    store::OrganisationRecord o;
    o.display_name = "Bench consortium " + std::to_string(c);
    o.kind = 7;
    auto created = organisations.Create(o, "bench-consortium-" + std::to_string(c));
    if (!created) return 1;
    consortia.push_back(created->id);
  }
  const auto today = CivilDate::Today();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < projects; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "P-B%05d", i);
    store::ProjectRecord p;
    p.code = code;
    p.title = "Bench project " + std::to_string(i);
    p.consortium_id = consortia[static_cast<std::size_t>(i % 10)];
    p.state = domain::kActive;
    p.planned_start = Offset(today, -300 + i % 100);
    p.planned_end = Offset(today, 100 + i % 300);
    p.investment_pence = 1000000 + i;
    p.partners = {{p.consortium_id, 1}};
    auto created = store.Create(p, std::string("bench-") + code);
    if (!created) {
      std::fprintf(stderr, "%s\n", created.error().message.c_str());
      return 1;
    }
    domain::Plan plan;
    for (int m = 0; m < milestones; ++m) {
      domain::PlanTask t;
      t.external_id = "bench:" + std::to_string(m);
      t.title = "Milestone " + std::to_string(m);
      t.start = Offset(today, -300 + 40 * m);
      t.due = Offset(today, -280 + 40 * m + (i % 7 == 0 ? 15 : 0));
      t.baseline_due = Offset(today, -280 + 40 * m);
      if (-280 + 40 * m < -60) t.completed = t.due;
      if (m > 0) t.predecessors.push_back({"bench:" + std::to_string(m - 1), {}});
      if (m > 1) t.predecessors.push_back({"bench:" + std::to_string(m - 2), {}});
      plan.tasks.push_back(t);
    }
    auto schedule = store.GetSchedule(code);
    auto merged = schedule ? domain::MergePlan(*schedule, plan) : Expected<domain::MergedPlan>(schedule.error());
    if (!merged || !store.ApplyPlan(schedule->project_id, schedule->revision, merged->milestones,
                                      {merged->created, merged->updated}, false, "")) {
      std::fprintf(stderr, "plan for %s failed\n", code);
      return 1;
    }
    store::StatusUpdateRecord u;
    u.project_id = created->id;
    u.date = Offset(today, -(i % 30));
    u.rag = 1 + i % 3;
    u.narrative = "Bench update";
    if (!store.AddStatusUpdate(u, std::string("bench-update-") + code)) return 1;
    if ((i + 1) % 1000 == 0)
      std::fprintf(stderr, "%d projects (%.0f s)\n", i + 1,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return 0;
}
