#pragma once
// The demo procedure catalogue and five years of monthly activity for the demo consortia's
// member practices, loaded with `--demo` after the partners and projects. The activity is
// shaped by the demo projects: a project's procedures move towards its effect (more
// procedures, a different cost per procedure) between its start and end and keep it after,
// on top of seasonality, a little noise and tariffs that rise each April — so some projects
// show an improvement in procedures per £ and some do not.

#include <cstdint>
#include <string>
#include <vector>

#include "server/projects/demo_projects.h"
#include "shared/civil_date.h"
#include "shared/month.h"

namespace kmhub::domain {

struct DemoProcedure {
  std::string code, description;
  double tariff_2008_pounds;  // rises 2.5 % each financial year
  int monthly_per_practice;   // typical count for a practice in a month
};

// What a project does to its procedures once it has run its course.
struct DemoEffect {
  std::string project_code;
  double count_factor;  // procedures per month
  double cost_factor;   // cost per procedure, relative to the tariff
};

struct DemoPractice {
  std::string organisation_key, consortium_key;
  double size;  // list size relative to an average practice
};

struct DemoActivitySet {
  std::string version;
  std::vector<DemoProcedure> catalogue;
  std::vector<DemoProject> past_projects;  // completed some years ago, so their after windows are full
  std::vector<DemoEffect> effects;
  std::vector<DemoPractice> practices;
};

const DemoActivitySet& ActivityDemoData();

std::int64_t DemoTariffPence(const DemoProcedure& procedure, int financial_year);

struct DemoActivityRow {
  std::string organisation_key, procedure_code;  // procedure code as written in the catalogue
  Month month;
  std::int64_t count = 0, cost_pence = 0;
};

// Every practice × its consortium's project procedures × the 60 months to `latest`, with the
// projects' dates taken as offsets from `today` as the project loader does.
std::vector<DemoActivityRow> DemoActivityRows(CivilDate today, Month latest);

}  // namespace kmhub::domain
