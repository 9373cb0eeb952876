#include "server/activity/activity_csv.h"

#include <array>
#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <unordered_map>

#include "server/platform/rules/procedure_code.h"
#include "server/platform/rules/text_rules.h"
#include "shared/csv_reader.h"

namespace kmhub::domain {

namespace {

std::string Key(std::string_view header) {
  std::string k;
  for (char c : header)
    if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

// Column names that would carry patient-identifiable data (as keys: lower case, no spaces).
bool LooksPatientIdentifiable(const std::string& key) {
  static const std::array<std::string_view, 12> kNames = {"nhsnumber", "nhsno", "dob", "dateofbirth", "birthdate",
                                                          "postcode", "name", "patientname", "forename", "surname",
                                                          "patient", "address"};
  for (auto n : kNames)
    if (key == n) return true;
  return key.find("nhsnumber") != std::string::npos || key.find("postcode") != std::string::npos ||
         key.find("patient") != std::string::npos;
}

// A non-negative integer, as text; nothing else.
std::optional<std::int64_t> Count(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Pounds with at most two decimals ("1234.5", "1234.56") as pence.
std::optional<std::int64_t> Pence(const std::string& text) {
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (fraction.size() > 2) return std::nullopt;
  auto pounds = Count(whole);
  if (!pounds) return std::nullopt;
  while (fraction.size() < 2) fraction += '0';
  auto pence = Count(fraction);
  if (!pence) return std::nullopt;
  return *pounds * 100 + *pence;
}

}  // namespace

namespace {

// One (organisation, procedure, month) of a row, compact, to find rows that name it twice.
struct RowKey {
  std::int64_t organisation;
  const store::ProcedureRecord* procedure;
  Month month;
  int line;
  auto Tie() const { return std::tie(organisation, procedure, month); }
};

}  // namespace

Expected<ActivityFile> ReadActivityFile(std::string_view text, const OdsLookup& organisation,
                                        const std::vector<store::ProcedureRecord>& catalogue, std::size_t max_rows,
                                        std::size_t max_problems) {
  std::map<std::string, const store::ProcedureRecord*> procedures;
  for (const auto& p : catalogue) procedures[p.code] = &p;
  // Each distinct text is looked up once: a file of a million rows names a few dozen
  // organisations and procedures.
  std::unordered_map<std::string, std::optional<std::int64_t>> organisations;
  std::unordered_map<std::string, Expected<ProcedureCode>> codes;
  std::vector<RowKey> keys;

  ActivityFile file;
  // Every problem is counted, though only the first max_problems are listed: a row is good
  // only when it added none.
  std::size_t problems_found = 0;
  auto problem = [&](int line, const char* col, std::string reason) {
    ++problems_found;
    if (file.problems.size() < max_problems) file.problems.push_back({line, col, std::move(reason)});
    else if (file.problems.size() == max_problems) file.problems.push_back({line, "", "… and more problems"});
  };
  bool header = true, has_cost = false;
  std::size_t organisation_at = 0, procedure_at = 0, month_at = 0, count_at = 0, cost_at = 0;
  const std::string empty;
  KMHUB_TRY(ForEachCsvRow(text, [&](const CsvRow& rec) -> Outcome {
    if (header) {
      // Which column is which.
      header = false;
      std::map<std::string, std::size_t> column;
      for (std::size_t i = 0; i < rec.fields.size(); ++i) {
        const auto key = Key(rec.fields[i]);
        if (LooksPatientIdentifiable(key))
          return InvalidArgument("PATIENT_IDENTIFIABLE_COLUMN",
                                 "column '" + rec.fields[i] +
                                     "' looks patient-identifiable; kmhub stores aggregate counts only, remove the column",
                                 {{"data", "line 1: column " + rec.fields[i]}});
        column[key] = i;
      }
      for (const char* required : {"organisation", "procedure", "month", "count"})
        if (!column.count(required))
          return InvalidArgument("MISSING_COLUMN",
                                 std::string("the header has no '") + required +
                                     "' column; expected organisation,procedure,month,count[,cost]",
                                 {{"data", std::string("line 1: ") + required}});
      organisation_at = column["organisation"];
      procedure_at = column["procedure"];
      month_at = column["month"];
      count_at = column["count"];
      has_cost = column.count("cost") > 0;
      if (has_cost) cost_at = column["cost"];
      return Ok{};
    }
    if (static_cast<std::size_t>(file.rows_read) >= max_rows)
      return ImportTooLarge(max_rows, "rows", "data");
    ++file.rows_read;
    auto field = [&](std::size_t i) -> const std::string& { return i < rec.fields.size() ? rec.fields[i] : empty; };
    const std::size_t problems_before = problems_found;
    store::ActivityRecord row;

    auto [found, fresh] = organisations.try_emplace(field(organisation_at));
    if (fresh) {
      const std::string ods = AsciiUpper(Trim(field(organisation_at)));
      found->second = ods.empty() ? std::nullopt : organisation(ods);
    }
    if (!found->second)
      problem(rec.line, "organisation",
              "'" + AsciiUpper(Trim(field(organisation_at))).substr(0, 20) + "' is not the ODS code of a known organisation");
    else
      row.organisation_id = *found->second;

    auto code = codes.find(field(procedure_at));
    if (code == codes.end()) code = codes.emplace(field(procedure_at), NormaliseProcedureCode(field(procedure_at))).first;
    const store::ProcedureRecord* procedure = nullptr;
    if (!code->second) {
      problem(rec.line, "procedure", code->second.error().message);
    } else if (auto p = procedures.find(code->second->code); p == procedures.end()) {
      problem(rec.line, "procedure", code->second->code + " is not in the procedure catalogue; import it first");
    } else {
      procedure = p->second;
      row.procedure_code = procedure->code;
    }

    const auto month = Month::Parse(field(month_at));
    if (!month)
      problem(rec.line, "month", "'" + field(month_at).substr(0, 20) + "' is not a month of the form YYYY-MM");
    else
      row.month = *month;

    const auto count = Count(field(count_at));
    if (!count)
      problem(rec.line, "count",
              field(count_at).rfind('-', 0) == 0 ? "a count cannot be negative"
                                                 : "'" + field(count_at).substr(0, 20) + "' is not a whole number");
    else
      row.procedures = *count;

    const std::string& cost = has_cost ? field(cost_at) : empty;
    if (!cost.empty()) {
      if (auto pence = Pence(cost))
        row.cost_pence = *pence;
      else
        problem(rec.line, "cost", "'" + cost.substr(0, 20) + "' is not an amount in pounds (e.g. 1250.50)");
    } else if (procedure && month && count) {
      const auto tariff = procedure->tariff_pence.find(month->financial_year());
      if (tariff == procedure->tariff_pence.end())
        problem(rec.line, "cost",
                "no cost given and " + DisplayProcedureCode(procedure->code) + " has no tariff for the financial year " +
                    FinancialYearLabel(month->financial_year()));
      else
        row.cost_pence = *count * tariff->second;
    }
    if (problems_found == problems_before) {
      keys.push_back({row.organisation_id, procedure, row.month, rec.line});
      file.rows.push_back(std::move(row));
    }
    return Ok{};
  }));
  if (header) return InvalidArgument("EMPTY_FILE", "the file has no header row", {{"data", "empty"}});

  // Two rows for one (organisation, procedure, month) would leave it to chance which is kept.
  std::stable_sort(keys.begin(), keys.end(), [](const RowKey& a, const RowKey& b) { return a.Tie() < b.Tie(); });
  std::vector<ImportProblem> duplicates;
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (keys[i].Tie() == keys[i - 1].Tie()) {
      std::size_t first = i - 1;
      while (first > 0 && keys[first - 1].Tie() == keys[i].Tie()) --first;
      duplicates.push_back({keys[i].line, "month",
                            "a second row for the same organisation, " + DisplayProcedureCode(keys[i].procedure->code) +
                                " and " + keys[i].month.ToString() + " (the first is on line " +
                                std::to_string(keys[first].line) + ")"});
    }
  if (!duplicates.empty()) {
    std::sort(duplicates.begin(), duplicates.end(),
              [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    for (auto& d : duplicates) problem(d.line, "month", std::move(d.reason));
    std::stable_sort(file.problems.begin(), file.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
  }
  return file;
}

Expected<CatalogueFile> ReadCatalogueFile(std::string_view text, std::size_t max_rows) {
  KMHUB_ASSIGN_OR_RETURN(const auto records, ReadCsv(text, max_rows + 2));
  if (records.empty()) return InvalidArgument("EMPTY_FILE", "the file has no header row", {{"csv_data", "empty"}});
  if (records.size() - 1 > max_rows)
    return ImportTooLarge(max_rows, "rows", "csv_data");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < records[0].fields.size(); ++i) column[Key(records[0].fields[i])] = i;
  for (const char* required : {"code", "description", "financialyear", "tariff"})
    if (!column.count(required))
      return InvalidArgument("MISSING_COLUMN",
                             "the header needs the columns code,description,financial_year,tariff",
                             {{"csv_data", std::string("line 1: ") + required}});
  CatalogueFile file;
  std::map<std::string, std::size_t> index;  // code -> position in file.procedures
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    ++file.rows_read;
    auto field = [&](const char* name) -> std::string {
      const auto i = column.at(name);
      return i < rec.fields.size() ? Trim(rec.fields[i]) : "";
    };
    const std::size_t before = file.problems.size();
    const auto code = NormaliseProcedureCode(field("code"));
    if (!code) file.problems.push_back({rec.line, "code", code.error().message});
    const std::string description = field("description");
    if (auto problem = TextProblem(description, 1, kMaxDescriptionLength); !problem.empty())
      file.problems.push_back({rec.line, "description", std::move(problem)});
    const auto year = ParseFinancialYear(field("financialyear"));
    if (!year)
      file.problems.push_back({rec.line, "financial_year", "'" + field("financialyear").substr(0, 12) +
                                                               "' is not a financial year (2009/10, 2009-10 or 2009)"});
    const auto tariff = Pence(field("tariff"));
    if (!tariff) file.problems.push_back({rec.line, "tariff", "'" + field("tariff").substr(0, 20) + "' is not an amount in pounds"});
    if (file.problems.size() != before) continue;
    auto [at, fresh] = index.try_emplace(code->code, file.procedures.size());
    if (fresh) file.procedures.push_back({code->code, static_cast<int>(code->kind), description, {}});
    auto& p = file.procedures[at->second];
    p.description = description;  // the last row's wording wins
    if (!p.tariff_pence.emplace(static_cast<int>(*year), *tariff).second) {
      file.problems.push_back({rec.line, "financial_year", "a second tariff for " + code->code + " in " +
                                                                FinancialYearLabel(*year)});
      continue;
    }
    ++file.tariffs;
  }
  return file;
}

}  // namespace kmhub::domain
