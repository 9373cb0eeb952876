#include "client/cli/roi_commands.h"

#include <algorithm>
#include <cstdio>

#include "client/cli/enum_names.h"

namespace kmhub::cli {

namespace {

struct RoiFlags {
  std::string project;
  int window = 0;
  std::vector<std::string> comparators;
};

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Pounds(std::int64_t pence) { return "£" + Fixed(static_cast<double>(pence) / 100.0, 2); }

std::string StateText(kmhub::v1::RoiWindowState state) {
  switch (state) {
    case kmhub::v1::ROI_WINDOW_STATE_COMPLETE: return "complete";
    case kmhub::v1::ROI_WINDOW_STATE_PARTIAL: return "partial (data so far)";
    case kmhub::v1::ROI_WINDOW_STATE_NO_DATA: return "no activity recorded";
    case kmhub::v1::ROI_WINDOW_STATE_NOT_STARTED: return "project not started";
    case kmhub::v1::ROI_WINDOW_STATE_NOT_REACHED: return "not yet (project running or just ended)";
    case kmhub::v1::ROI_WINDOW_STATE_NO_DATES: return "project has no start date";
    default: return "?";
  }
}

// A bar of up to 30 characters for procedures per £1,000, scaled to the largest window.
std::string Bar(const kmhub::v1::RoiWindow& w, double largest) {
  if (!w.has_procedures_per_pound() || largest <= 0) return "";
  const int width = static_cast<int>(w.procedures_per_pound() / largest * 30.0 + 0.5);
  return std::string(static_cast<std::size_t>(std::max(width, 1)), '#');
}

std::vector<std::string> Row(const char* name, const kmhub::v1::RoiWindow& w, double largest) {
  const bool months = !w.first_month().empty();
  return {name,
          months ? w.first_month() + " .. " + w.last_month() : "-",
          StateText(w.state()),
          months ? std::to_string(w.months_with_data()) + "/" + std::to_string(w.months_covered()) : "-",
          w.months_with_data() ? std::to_string(w.procedures()) : "-",
          w.months_with_data() ? Pounds(w.spend_pence()) : "-",
          w.has_procedures_per_pound() ? Fixed(w.procedures_per_pound() * 1000.0, 2) : "-",
          w.has_cost_per_procedure() ? "£" + Fixed(w.cost_per_procedure(), 2) : "-",
          Bar(w, largest)};
}

int Show(CommandContext& ctx, const RoiFlags& f) {
  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name(f.project.rfind("projects/", 0) == 0 ? f.project : "projects/" + f.project);
  request.set_window_months(f.window);
  for (const auto& c : f.comparators) request.add_comparator_organisations(OrganisationArgument(c));
  kmhub::v1::ProjectRoi roi;
  if (auto status = ctx.client().ComputeProjectRoi(request, &roi); !status.ok()) return ctx.Fail(status);
  double largest = 0;
  for (const auto* w : {&roi.before(), &roi.during(), &roi.after()})
    if (w->has_procedures_per_pound()) largest = std::max(largest, w->procedures_per_pound());
  Table table{{"WINDOW", "MONTHS", "STATE", "WITH DATA", "PROCEDURES", "SPEND", "PER £1,000", "COST EACH", ""}, {}};
  table.rows.push_back(Row("before", roi.before(), largest));
  table.rows.push_back(Row("during", roi.during(), largest));
  table.rows.push_back(Row("after", roi.after(), largest));
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(roi, table);
  std::cout << roi.project() << ": procedures per £ (shown per £1,000), windows of " << roi.window_months()
            << " months, data to " << (roi.latest_month().empty() ? "(none)" : roi.latest_month()) << "\n\n";
  PrintTable(std::cout, table);
  std::cout << '\n';
  if (roi.has_change_per_pound())
    std::cout << "Change after vs before: " << (roi.change_per_pound() >= 0 ? "+" : "")
              << Fixed(roi.change_per_pound() * 1000.0, 2) << " per £1,000"
              << (roi.has_change_per_pound_percent()
                      ? " (" + std::string(roi.change_per_pound_percent() >= 0 ? "+" : "") +
                            Fixed(roi.change_per_pound_percent(), 1) + " %)"
                      : "")
              << '\n';
  else
    std::cout << "Change after vs before: not available (" << StateText(roi.after().state()) << ")\n";
  if (roi.has_investment_return())
    std::cout << "Investment return: " << Fixed(roi.investment_return() * 1000.0, 2)
              << " extra procedures per £1,000 invested\n";
  if (roi.has_net_change_per_pound())
    std::cout << "Net of comparators: " << Fixed(roi.net_change_per_pound() * 1000.0, 2) << " per £1,000, "
              << Fixed(roi.net_change_per_month(), 1) << " procedures a month\n";
  return kExitOk;
}

}  // namespace

void AddRoiCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<RoiFlags>();
  auto* roi = app.add_subcommand("roi", "A project's procedures per £ before, during and after it");
  roi->add_option("project", f->project, "Project code or projects/CODE")->required();
  roi->add_option("--window", f->window, "Months in the before and after windows (default 12)")
      ->check(CLI::Range(1, 60));
  roi->add_option("--comparator", f->comparators, "Comparator organisation (repeatable): figures net of its change");
  roi->callback([&ctx, f] { ctx.exit_code = Show(ctx, *f); });
}

}  // namespace kmhub::cli
