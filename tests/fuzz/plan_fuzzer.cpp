// Fuzz target: project plans, MS Project XML and CSV, and their merge into a schedule.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/projects/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the format, the rest is the file.
  const auto format = data[0] % 2 == 0 ? kmhub::domain::PlanFormat::kMspdi : kmhub::domain::PlanFormat::kCsv;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto plan = kmhub::domain::ParsePlan(format, text);
  if (!plan) return 0;
  const kmhub::store::Schedule empty{1, 0, {}};
  (void)kmhub::domain::MergePlan(empty, *plan);
  return 0;
}
