#pragma once
// Patient activity: the procedure catalogue with its tariffs, and monthly counts and costs per
// organisation and procedure. Aggregates only: nothing here can identify a patient.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/month.h"

namespace kmhub::store {

struct ProcedureRecord {
  std::string code;  // normalised (W371, HB12C)
  int kind = 0;      // domain::ProcedureKind
  std::string description;
  std::map<int, std::int64_t> tariff_pence;  // by financial year (April start)
};

struct ActivityRecord {
  std::int64_t organisation_id = 0;
  std::string procedure_code;
  Month month;
  std::int64_t procedures = 0;
  std::int64_t cost_pence = 0;
};

struct MonthlyActivity {
  Month month;
  std::int64_t procedures = 0;
  std::int64_t cost_pence = 0;
};

struct ActivityScope {
  std::vector<std::int64_t> organisation_ids;
  std::vector<std::string> procedure_codes;
};

// One project's scope (roi_scope.h works it out: its consortium and member practices, its
// procedures).
struct ProjectScope {
  std::int64_t project_id = 0;
  ActivityScope scope;
};

}  // namespace kmhub::store
