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
  bool all = false;
  std::string consortium;
  std::vector<std::string> states;
};

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}


std::string StateText(kmhub::v1::RoiWindowState state) {
  switch (state) {
    case kmhub::v1::ROI_WINDOW_STATE_COMPLETE: return "complete";
    case kmhub::v1::ROI_WINDOW_STATE_PARTIAL: return "partial (data so far)";
    case kmhub::v1::ROI_WINDOW_STATE_NO_DATA: return "no activity recorded";
    case kmhub::v1::ROI_WINDOW_STATE_NOT_STARTED: return "project not started";
    case kmhub::v1::ROI_WINDOW_STATE_NOT_REACHED: return "not yet (project running or just ended)";
    case kmhub::v1::ROI_WINDOW_STATE_NO_DATES: return "project has no start date";
    case kmhub::v1::ROI_WINDOW_STATE_NO_SPEND: return "no spend recorded";
    case kmhub::v1::ROI_WINDOW_STATE_PARTIAL_COVERAGE: return "partial coverage";
    case kmhub::v1::ROI_WINDOW_STATE_NO_SCOPE: return "no scope (project has no consortium)";
    case kmhub::v1::ROI_WINDOW_STATE_CANCELLED: return "none (project cancelled)";
    default: return "?";
  }
}

// A window's state, and how many of its months have data when not all do: "partial coverage
// (4 of 12 months have data)".
std::string StateText(const kmhub::v1::RoiWindow& w) {
  std::string text = StateText(w.state());
  if (w.months_with_data() > 0 && w.months_with_data() < w.months_covered())
    text += " (" + std::to_string(w.months_with_data()) + " of " + std::to_string(w.months_covered()) +
            " months have data)";
  return text;
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
          StateText(w),
          months ? std::to_string(w.months_with_data()) + "/" + std::to_string(w.months_covered()) : "-",
          w.months_with_data() ? std::to_string(w.procedures()) : "-",
          w.months_with_data() ? Money(w.spend_pence()) : "-",
          w.has_procedures_per_pound() ? Fixed(w.procedures_per_pound() * 1000.0, 2) : "-",
          w.has_cost_per_procedure() ? "£" + Fixed(w.cost_per_procedure(), 2) : "-",
          Bar(w, largest)};
}

// Why there is no change after vs before: the window that lacks a figure, and its state.
std::string NoChangeReason(const kmhub::v1::RoiWindow& before, const kmhub::v1::RoiWindow& after) {
  const auto usable = [](const kmhub::v1::RoiWindow& w) { return w.has_procedures_per_pound(); };
  if (!usable(after)) return "after: " + StateText(after);
  if (!usable(before)) return "before: " + StateText(before);
  return "no change";
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
  if (ctx.format() == OutputFormat::kCsv) {
    // Data: one row a window, plain numbers (empty where a figure is absent), and the project's
    // figures (the change, the investment return, the net of comparators) on every row.
    auto number = [](bool has, double v) { return has ? Fixed(v, 9) : std::string(); };
    Table data{{"project", "window", "first_month", "last_month", "state", "months_with_data", "months_covered",
                "procedures", "spend_pence", "procedures_per_pound", "cost_per_procedure", "change_per_pound",
                "change_per_pound_percent", "investment_return", "net_change_per_pound", "net_change_per_month"},
               {}};
    const std::pair<const char*, const kmhub::v1::RoiWindow*> windows[] = {
        {"before", &roi.before()}, {"during", &roi.during()}, {"after", &roi.after()}};
    for (const auto& [name, w] : windows)
      data.rows.push_back({roi.project(), name, w->first_month(), w->last_month(),
                           kmhub::v1::RoiWindowState_Name(w->state()), std::to_string(w->months_with_data()),
                           std::to_string(w->months_covered()), std::to_string(w->procedures()),
                           std::to_string(w->spend_pence()), number(w->has_procedures_per_pound(), w->procedures_per_pound()),
                           number(w->has_cost_per_procedure(), w->cost_per_procedure()),
                           number(roi.has_change_per_pound(), roi.change_per_pound()),
                           number(roi.has_change_per_pound_percent(), roi.change_per_pound_percent()),
                           number(roi.has_investment_return(), roi.investment_return()),
                           number(roi.has_net_change_per_pound(), roi.net_change_per_pound()),
                           number(roi.has_net_change_per_month(), roi.net_change_per_month())});
    return ctx.EmitList(roi, data);
  }
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
    std::cout << "Change after vs before: not available (" << NoChangeReason(roi.before(), roi.after()) << ")\n";
  if (roi.has_investment_return())
    std::cout << "Investment return: " << Fixed(roi.investment_return() * 1000.0, 2)
              << " extra procedures per £1,000 invested\n";
  if (roi.has_net_change_per_pound())
    std::cout << "Net of comparators: " << Fixed(roi.net_change_per_pound() * 1000.0, 2) << " per £1,000, "
              << Fixed(roi.net_change_per_month(), 1) << " procedures a month\n";
  return kExitOk;
}

std::string Signed(double v, int decimals) { return (v >= 0 ? "+" : "") + Fixed(v, decimals); }

std::string BenchmarkText(kmhub::v1::RoiBenchmark b) {
  switch (b) {
    case kmhub::v1::ROI_BENCHMARK_ABOVE_MEDIAN: return "above median";
    case kmhub::v1::ROI_BENCHMARK_AT_MEDIAN: return "at median";
    case kmhub::v1::ROI_BENCHMARK_BELOW_MEDIAN: return "below median";
    case kmhub::v1::ROI_BENCHMARK_NO_PEERS: return "no peers";
    default: return "not ranked";
  }
}

// Why a project has no change yet, in words: the after window's state, else the before one's.
std::string Unranked(const kmhub::v1::ProjectRoiRank& p) {
  if (!p.has_after_per_pound())
    return "after: " + StateText(p.after_state());
  if (!p.has_before_per_pound()) return "before: " + StateText(p.before_state());
  return "no change";
}

int Rank(CommandContext& ctx, const RoiFlags& f) {
  kmhub::v1::RankProjectRoiRequest request;
  request.set_window_months(f.window);
  request.set_page_size(1000);
  if (!f.consortium.empty()) request.set_consortium(OrganisationArgument(f.consortium));
  for (const auto& text : f.states) {
    const auto state = ParseEnum(kmhub::v1::ProjectState_descriptor(), text);
    if (!state || *state == 0)
      return ctx.BadInput("'" + text + "' is not a project state (" + EnumChoices(kmhub::v1::ProjectState_descriptor()) +
                          ")");
    request.add_states(static_cast<kmhub::v1::ProjectState>(*state));
  }
  // Every page, as one answer.
  kmhub::v1::RankProjectRoiResponse all;
  do {
    kmhub::v1::RankProjectRoiResponse page;
    if (auto status = ctx.client().RankProjectRoi(request, &page); !status.ok()) return ctx.Fail(status);
    auto projects = std::move(*all.mutable_projects());
    projects.MergeFrom(page.projects());
    page.clear_projects();
    all = page;
    *all.mutable_projects() = std::move(projects);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  all.clear_next_page_token();

  Table table{{"RANK", "PROJECT", "TITLE", "STATE", "BEFORE /£1,000", "AFTER /£1,000", "CHANGE", "VS PEERS",
               "BENCHMARK"},
              {}};
  for (const auto& p : all.projects()) {
    const bool ranked = p.rank() > 0;
    table.rows.push_back({ranked ? std::to_string(p.rank()) : "-", p.project().substr(9), p.title(),
                          EnumLabel(kmhub::v1::ProjectState_descriptor(), p.state()),
                          p.has_before_per_pound() ? Fixed(p.before_per_pound() * 1000.0, 2) : "-",
                          p.has_after_per_pound() ? Fixed(p.after_per_pound() * 1000.0, 2) : "-",
                          p.has_change_per_pound_percent() ? Signed(p.change_per_pound_percent(), 1) + " %"
                                                           : (ranked ? "-" : Unranked(p)),
                          p.has_versus_peer_median() ? Signed(p.versus_peer_median(), 1) + " pts" : "-",
                          BenchmarkText(p.benchmark())});
  }
  if (ctx.format() == OutputFormat::kCsv) {
    // Data: numbers without signs, units or sentences (empty when absent), the reason a project is
    // not ranked in a column of its own, enum names as the API gives them.
    auto number = [](bool has, double v) { return has ? Fixed(v, 9) : std::string(); };
    Table data{{"rank", "project", "title", "state", "before_per_pound", "after_per_pound", "change_per_pound_percent",
                "versus_peer_median", "benchmark", "not_ranked_because"},
               {}};
    for (const auto& p : all.projects())
      data.rows.push_back({p.rank() > 0 ? std::to_string(p.rank()) : "", p.project(), p.title(),
                           kmhub::v1::ProjectState_Name(p.state()), number(p.has_before_per_pound(), p.before_per_pound()),
                           number(p.has_after_per_pound(), p.after_per_pound()),
                           number(p.has_change_per_pound_percent(), p.change_per_pound_percent()),
                           number(p.has_versus_peer_median(), p.versus_peer_median()),
                           kmhub::v1::RoiBenchmark_Name(p.benchmark()), p.not_ranked_because()});
    return ctx.EmitList(all, data);
  }
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(all, table);
  std::cout << "Projects by change in procedures per £ (after vs before, windows of " << all.window_months()
            << " months): " << all.ranked() << " of " << all.total() << " ranked";
  if (all.has_median_change_percent()) std::cout << ", median " << Signed(all.median_change_percent(), 1) << " %";
  std::cout << "\n\n";
  PrintTable(std::cout, table);
  return kExitOk;
}

}  // namespace

void AddRoiCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<RoiFlags>();
  auto* roi = app.add_subcommand("roi", "A project's procedures per £ before, during and after it; or, with --all, "
                                        "every project ranked by its change against its peers' median");
  auto* project = roi->add_option("project", f->project, "Project code or projects/CODE");
  auto* all = roi->add_flag("--all", f->all, "Rank every project by the change in procedures per £");
  project->excludes(all);
  roi->add_option("--consortium", f->consortium, "With --all: only this consortium's projects (ID or organisations/ID)")
      ->needs(all);
  roi->add_option("--state", f->states, "With --all: only projects in this state (repeatable)")->needs(all);
  roi->add_option("--window", f->window, "Months in the before and after windows (default 12)")
      ->check(CLI::Range(1, 60));
  roi->add_option("--comparator", f->comparators, "Comparator organisation (repeatable): figures net of its change")
      ->excludes(all);
  roi->callback([&ctx, f] {
    if (!f->all && f->project.empty()) {
      ctx.exit_code = ctx.BadInput("give a project code, or --all for the ranking");
      return;
    }
    ctx.exit_code = f->all ? Rank(ctx, *f) : Show(ctx, *f);
  });
}

}  // namespace kmhub::cli
