#include "server/surveys/demo_surveys.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace kmhub::domain {

namespace {

// A deterministic draw in [0, 1) for one respondent and question (FNV-1a).
double Draw(const std::string& a, const std::string& b) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string& part : {a, b})
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 29;
  return static_cast<double>(h % 100000) / 100000.0;
}

// A five-point answer: positive (4–5) with probability `positive`, else spread over 1–3.
std::string FivePoint(double draw, double positive, const std::array<const char*, 5>& labels) {
  if (draw < positive) return draw < positive * 0.3 ? labels[4] : labels[3];
  const double rest = (draw - positive) / (1.0 - positive);
  return rest < 0.25 ? labels[0] : rest < 0.6 ? labels[1] : labels[2];
}

constexpr std::array<const char*, 5> kAgree = {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                                               "Strongly agree"};
constexpr std::array<const char*, 5> kRate = {"Very poor", "Poor", "Fair", "Good", "Very good"};

struct WavePlan {
  const char* label;
  const char* opens;
  const char* closes;
  double plan, information, clinicians, support;         // PBC: chances of a positive answer
  double engages, partner, commissioner;                 // provider
};

constexpr std::array<WavePlan, 3> kWaves = {{
    {"2009-Q1", "2009-01-12", "2009-02-27", 0.38, 0.24, 0.41, 0.35, 0.45, 0.48, 0.30},
    {"2009-Q3", "2009-07-06", "2009-08-28", 0.59, 0.17, 0.47, 0.42, 0.36, 0.52, 0.36},
    {"2010-Q1", "2010-01-11", "2010-02-26", 0.81, 0.30, 0.55, 0.50, 0.45, 0.60, 0.45},
}};

constexpr std::array<const char*, 4> kPractices = {"mill", "castle", "fen", "orchard"};
constexpr std::array<const char*, 7> kProviders = {"acute", "community", "mental", "age", "mind", "adults", "pharmacy"};

constexpr std::array<const char*, 5> kComments = {
    "Information on referrals arrives two months late.", "The consortium plan is now signed off.",
    "Would like practice-level prescribing data, not just consortium totals.", "", ""};

std::string Day(const char* opens, int offset) {
  int y = 0, m = 0, d = 0;
  std::sscanf(opens, "%d-%d-%d", &y, &m, &d);
  d += offset;  // waves open early in a month and last under four weeks' worth of offsets
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:00", y, m, d, 9 + offset % 8, (offset * 7) % 60);
  return out;
}

}  // namespace

const DemoSurveySet& SurveyDemoData() {
  static const DemoSurveySet data = [] {
    DemoSurveySet set{"surveys-1", {}};
    for (const auto& w : kWaves) {
      DemoSurveyWave pbc{"pbc", w.label, w.opens, w.closes, {}};
      for (int i = 0; i < 48; ++i) {
        DemoSurveyResponse r;
        r.respondent_id = std::string("PBC-") + w.label + "-" + std::to_string(i + 1);
        r.organisation_key = kPractices[static_cast<std::size_t>(i) % kPractices.size()];
        r.submitted = Day(w.opens, i % 20);
        const std::string id = std::to_string(i);
        r.answers["PBC1"] = Draw(id, std::string("plan") + w.label) < w.plan ? "Yes" : "No";
        const double info = Draw(id, std::string("info") + w.label);
        r.answers["PBC2"] = info > 0.95 ? "Don't know" : FivePoint(info / 0.95, w.information, kRate);
        r.answers["PBC3"] = FivePoint(Draw(id, std::string("clin") + w.label), w.clinicians, kAgree);
        r.answers["PBC4"] = FivePoint(Draw(id, std::string("supp") + w.label), w.support, kRate);
        r.answers["PBC5"] = kComments[static_cast<std::size_t>(i) % kComments.size()];
        pbc.responses.push_back(std::move(r));
      }
      DemoSurveyWave provider{"provider", w.label, w.opens, w.closes, {}};
      for (int i = 0; i < 35; ++i) {
        DemoSurveyResponse r;
        r.respondent_id = std::string("PRV-") + w.label + "-" + std::to_string(i + 1);
        r.organisation_key = kProviders[static_cast<std::size_t>(i) % kProviders.size()];
        r.submitted = Day(w.opens, i % 20);
        const std::string id = std::to_string(i);
        r.answers["PRV1"] = FivePoint(Draw(id, std::string("eng") + w.label), w.engages, kAgree);
        r.answers["PRV2"] = FivePoint(Draw(id, std::string("par") + w.label), w.partner, kAgree);
        r.answers["PRV3"] = FivePoint(Draw(id, std::string("com") + w.label), w.commissioner, kRate);
        provider.responses.push_back(std::move(r));
      }
      set.waves.push_back(std::move(pbc));
      set.waves.push_back(std::move(provider));
    }
    return set;
  }();
  return data;
}

}  // namespace kmhub::domain
