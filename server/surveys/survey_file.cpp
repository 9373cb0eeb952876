#include "server/surveys/survey_file.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"
#include "shared/csv_reader.h"

namespace kmhub::domain {

namespace {

constexpr std::size_t kMaxRespondentId = 100;

// Headings compare without case or surrounding space: "Respondent ID" = "respondent id".
std::string HeadingKey(std::string_view heading) { return AsciiLower(Trim(heading)); }

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The format's own names for the respondent, organisation and submission-time columns.
std::string DefaultTarget(SurveyFormat format, const std::string& key) {
  switch (format) {
    case SurveyFormat::kKmhub:
      if (key == "respondent_id" || key == "respondent") return kRespondentTarget;
      if (key == "organisation" || key == "organization" || key == "ods_code") return kOrganisationTarget;
      if (key == "submitted") return kSubmittedTarget;
      break;
    case SurveyFormat::kLimeSurvey:
      if (key == "id" || key == "response id") return kRespondentTarget;
      if (key == "submitdate" || key == "date submitted") return kSubmittedTarget;
      break;
    case SurveyFormat::kSurveyMonkey:
      if (key == "respondent id" || key == "respondentid") return kRespondentTarget;
      if (key == "end date" || key == "enddate") return kSubmittedTarget;
      break;
  }
  return "";
}

struct Column {
  std::string heading;
  std::string target;  // "" when ignored
  const SurveyQuestionRef* question = nullptr;
};

}  // namespace

std::optional<std::string> NormaliseSubmitted(std::string_view raw) {
  const std::string t = Trim(raw);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::size_t rest = 0;
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
    if (!CivilDate::Parse(t.substr(0, 10))) return std::nullopt;
    y = std::stoi(t.substr(0, 4));
    mo = std::stoi(t.substr(5, 2));
    d = std::stoi(t.substr(8, 2));
    rest = 10;
  } else {
    // SurveyMonkey: M/D/YYYY or MM/DD/YYYY.
    const auto a = t.find('/'), b = a == std::string::npos ? a : t.find('/', a + 1);
    if (b == std::string::npos) return std::nullopt;
    const auto end = t.find(' ', b);
    const std::string ms = t.substr(0, a), ds = t.substr(a + 1, b - a - 1),
                      ys = t.substr(b + 1, end == std::string::npos ? std::string::npos : end - b - 1);
    if (!Digits(ms) || !Digits(ds) || !Digits(ys) || ys.size() != 4 || ms.size() > 2 || ds.size() > 2) return std::nullopt;
    y = std::stoi(ys);
    mo = std::stoi(ms);
    d = std::stoi(ds);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    if (!CivilDate::Parse(date)) return std::nullopt;
    rest = end == std::string::npos ? t.size() : end;
  }
  std::string time = Trim(t.substr(rest));
  if (!time.empty() && (time[0] == 'T' || time[0] == 't')) time = time.substr(1);
  if (!time.empty()) {
    bool pm = false, am = false;
    std::string lower = AsciiLower(time);
    if (lower.size() > 2 && (lower.ends_with("pm") || lower.ends_with("am"))) {
      pm = lower.ends_with("pm");
      am = !pm;
      time = Trim(time.substr(0, time.size() - 2));
    }
    if (!time.empty() && (time.back() == 'Z' || time.back() == 'z')) time.pop_back();
    const auto c1 = time.find(':');
    const auto c2 = c1 == std::string::npos ? c1 : time.find(':', c1 + 1);
    const std::string hs = time.substr(0, c1);
    const std::string ms = c1 == std::string::npos ? "" : time.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
    std::string ss = c2 == std::string::npos ? "0" : time.substr(c2 + 1);
    if (auto dot = ss.find('.'); dot != std::string::npos) ss = ss.substr(0, dot);
    if (!Digits(hs) || !Digits(ms) || !Digits(ss) || hs.size() > 2 || ms.size() != 2 || ss.size() > 2) return std::nullopt;
    h = std::stoi(hs);
    mi = std::stoi(ms);
    s = std::stoi(ss);
    if (am || pm) {
      if (h < 1 || h > 12) return std::nullopt;
      h = h % 12 + (pm ? 12 : 0);
    }
    if (h > 23 || mi > 59 || s > 59) return std::nullopt;
  }
  char out[80];  // room for six ints of any size, so that GCC sees no truncation to warn of
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
  return std::string(out);
}

Expected<std::map<std::string, std::string>> ParseSurveyMapping(std::string_view text) {
  std::map<std::string, std::string> mapping;
  int line = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    std::string l = Trim(text.substr(start, end - start));
    start = end + 1;
    ++line;
    if (l.empty() || l[0] == '#') continue;
    const auto eq = l.rfind('=');
    if (eq == std::string::npos || Trim(l.substr(0, eq)).empty() || Trim(l.substr(eq + 1)).empty())
      return InvalidArgument("MALFORMED_MAPPING", "mapping line " + std::to_string(line) +
                                                      " is not 'export column = target': " + l.substr(0, 60),
                             {{"mapping", "line " + std::to_string(line)}});
    mapping[Trim(l.substr(0, eq))] = Trim(l.substr(eq + 1));
  }
  return mapping;
}

OutsideWave ResponsesOutsideWave(const std::vector<ParsedResponse>& responses, const std::string& opens,
                                 const std::string& closes, const std::string& submitted_column) {
  OutsideWave out;
  for (const auto& r : responses) {
    if (r.submitted.size() < 10) continue;
    const std::string day = r.submitted.substr(0, 10);  // ISO dates compare as text
    const bool early = day < opens, late = day > closes;
    if (!early && !late) continue;
    ++out.responses;
    if (out.earliest.empty() || day < out.earliest) out.earliest = day;
    if (out.latest.empty() || day > out.latest) out.latest = day;
    out.problems.push_back({r.line, submitted_column,
                            day + (early ? " is before the wave opened (" + opens + ")"
                                         : " is after the wave closed (" + closes + ")")});
  }
  return out;
}

SurveyFormat DetectSurveyFormat(std::string_view text) {
  std::set<std::string> headings;
  // The first record is all it needs; a record cut by the 64 KiB read is no matter.
  (void)ForEachCsvRow(text.substr(0, 64 * 1024), [&](const CsvRow& row) -> Outcome {
    if (headings.empty())
      for (const auto& f : row.fields) headings.insert(HeadingKey(f));
    return Ok{};
  });
  auto has = [&](std::initializer_list<const char*> any) {
    return std::any_of(any.begin(), any.end(), [&](const char* h) { return headings.count(h) > 0; });
  };
  if (has({"respondent id", "respondentid"})) return SurveyFormat::kSurveyMonkey;
  if (has({"id", "response id"}) &&
      has({"submitdate", "date submitted", "lastpage", "last page", "startlanguage", "start language"}))
    return SurveyFormat::kLimeSurvey;
  return SurveyFormat::kKmhub;
}

Expected<SurveyFile> ReadSurveyFile(std::string_view text, SurveyFormat format,
                                    const std::map<std::string, std::string>& mapping,
                                    const std::vector<SurveyQuestionRef>& questions, const OdsLookup& organisation,
                                    std::size_t max_rows, std::size_t max_problems) {
  std::map<std::string, const SurveyQuestionRef*> by_code, by_text;
  for (const auto& q : questions) {
    by_code[HeadingKey(q.code)] = &q;
    by_text[HeadingKey(q.text)] = &q;
  }
  std::map<std::string, std::string> wanted;  // heading key → target
  for (const auto& [heading, target] : mapping) {
    const std::string t = HeadingKey(target);
    if (t != kRespondentTarget && t != kOrganisationTarget && t != kSubmittedTarget && t != kIgnoreTarget &&
        !by_code.count(t))
      return InvalidArgument("UNKNOWN_MAPPING_TARGET",
                             "the mapping ties '" + heading + "' to '" + target +
                                 "', which is not a question code of this survey (nor respondent, organisation, "
                                 "submitted or ignore)",
                             {{"mapping", heading}});
    wanted[HeadingKey(heading)] = t;
  }

  SurveyFile file;
  // Every problem is counted, though only the first max_problems are listed: a row is good
  // only when it added none.
  std::size_t problems_found = 0;
  auto problem = [&](int line, const std::string& col, std::string reason) {
    ++problems_found;
    if (file.problems.size() < max_problems) file.problems.push_back({line, col, std::move(reason)});
    else if (file.problems.size() == max_problems) file.problems.push_back({line, "", "… and more problems"});
  };
  const int header_rows = format == SurveyFormat::kSurveyMonkey ? 2 : 1;
  int headers_seen = 0;
  std::vector<Column> columns;
  std::size_t respondent_at = 0, organisation_at = 0, submitted_at = 0;
  bool has_organisation = false, has_submitted = false;
  std::unordered_map<std::string, std::optional<std::int64_t>> organisations;
  std::unordered_map<std::string, int> first_line;  // respondent id → line
  const std::string empty;

  KMHUB_TRY(ForEachCsvRow(text, [&](const CsvRow& rec) -> Outcome {
    if (headers_seen < header_rows) {
      ++headers_seen;
      if (headers_seen > 1) return Ok{};  // SurveyMonkey's option labels: nothing to read
      std::set<std::string> matched;
      bool has_respondent = false, has_question = false;
      std::set<const SurveyQuestionRef*> taken;
      for (std::size_t i = 0; i < rec.fields.size(); ++i) {
        Column c;
        c.heading = rec.fields[i];
        const std::string key = HeadingKey(c.heading);
        if (auto m = wanted.find(key); m != wanted.end()) {
          c.target = m->second == kIgnoreTarget ? "" : m->second;
          matched.insert(key);
        } else if (!key.empty()) {
          c.target = DefaultTarget(format, key);
          if (c.target.empty() && by_code.count(key)) c.target = key;
          if (c.target.empty() && format == SurveyFormat::kSurveyMonkey && by_text.count(key))
            c.target = HeadingKey(by_text.at(key)->code);
        }
        if (c.target == kRespondentTarget) {
          if (has_respondent) return InvalidArgument("DUPLICATE_COLUMN", "two columns are the respondent id", {{"data", "line 1: " + c.heading}});
          has_respondent = true;
          respondent_at = i;
        } else if (c.target == kOrganisationTarget) {
          has_organisation = true;
          organisation_at = i;
        } else if (c.target == kSubmittedTarget) {
          has_submitted = true;
          submitted_at = i;
        } else if (!c.target.empty()) {
          c.question = by_code.at(c.target);
          if (!taken.insert(c.question).second)
            return InvalidArgument("DUPLICATE_COLUMN", "two columns are question " + c.question->code,
                                   {{"data", "line 1: " + c.heading}});
          has_question = true;
        }
        file.columns[c.heading] = c.target.empty() ? "(ignored)" : c.question ? c.question->code : c.target;
        if (c.target.empty() && !c.heading.empty()) file.ignored_columns.push_back(c.heading);
        columns.push_back(std::move(c));
      }
      for (const auto& [key, target] : wanted)
        if (!matched.count(key))
          return InvalidArgument("MAPPED_COLUMN_MISSING", "the mapping names column '" + key + "', which the file does not have",
                                 {{"mapping", key}});
      if (!has_respondent)
        return InvalidArgument("MISSING_COLUMN", "no column holds the respondent id; map one with 'COLUMN = respondent'",
                               {{"data", "line 1: respondent"}});
      if (!has_question)
        return InvalidArgument("MISSING_COLUMN",
                               "no column is a question of this survey; map them with 'COLUMN = QUESTION_CODE'",
                               {{"data", "line 1: questions"}});
      return Ok{};
    }
    if (static_cast<std::size_t>(file.rows_read) >= max_rows)
      return ImportTooLarge(max_rows, "responses", "data");
    ++file.rows_read;
    auto field = [&](std::size_t i) -> const std::string& { return i < rec.fields.size() ? rec.fields[i] : empty; };
    const std::size_t problems_before = problems_found;
    ParsedResponse r;
    r.line = rec.line;

    if (has_submitted) {
      const std::string& raw = field(submitted_at);
      if (Trim(raw).empty()) {
        if (format == SurveyFormat::kLimeSurvey) {  // started but never submitted: not a response
          ++file.skipped_incomplete;
          return Ok{};
        }
      } else if (auto t = NormaliseSubmitted(raw)) {
        r.submitted = *t;
      } else {
        problem(rec.line, columns[submitted_at].heading,
                "'" + raw.substr(0, 40) + "' is not a date and time (2009-11-24 10:15:03 or 11/24/2009 10:15:03 AM)");
      }
    }
    r.respondent_id = Trim(field(respondent_at));
    if (r.respondent_id.empty())
      problem(rec.line, columns[respondent_at].heading, "the respondent id is empty");
    else if (auto bad = TextProblem(r.respondent_id, 1, kMaxRespondentId); !bad.empty())
      problem(rec.line, columns[respondent_at].heading, "the respondent id " + bad);
    else if (auto [first, fresh] = first_line.try_emplace(r.respondent_id, rec.line); !fresh)
      problem(rec.line, columns[respondent_at].heading,
              "respondent '" + r.respondent_id.substr(0, 40) + "' answers twice (first on line " +
                  std::to_string(first->second) + ")");

    if (has_organisation) {
      const std::string& raw = field(organisation_at);
      auto [found, fresh] = organisations.try_emplace(raw);
      if (fresh) {
        const std::string ods = AsciiUpper(Trim(raw));
        found->second = ods.empty() ? std::optional<std::int64_t>(0) : organisation(ods);
      }
      if (!found->second)
        problem(rec.line, columns[organisation_at].heading,
                "'" + Trim(raw).substr(0, 20) + "' is not the ODS code of a known organisation");
      else if (*found->second != 0)
        r.organisation_id = *found->second;
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto* q = columns[i].question;
      if (!q) continue;
      auto scored = ScoreAnswer(q->scale, field(i));
      if (!scored) {
        problem(rec.line, columns[i].heading, scored.error().message);
        continue;
      }
      if (scored->answered) r.answers.push_back({q->id, scored->score, std::move(scored->text)});
    }
    if (problems_found == problems_before) file.responses.push_back(std::move(r));
    return Ok{};
  }));
  if (headers_seen < header_rows)
    return InvalidArgument("EMPTY_FILE",
                           header_rows == 2 ? "a SurveyMonkey export has two header rows; this file has fewer"
                                            : "the file has no header row",
                           {{"data", "empty"}});
  return file;
}

}  // namespace kmhub::domain
