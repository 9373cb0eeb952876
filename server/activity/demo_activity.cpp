#include "server/activity/demo_activity.h"

#include <cmath>
#include <map>
#include <set>

#include "server/projects/records.h"

namespace kmhub::domain {

namespace {
constexpr int kLead = store::PartnerRole::kLead, kDelivery = store::PartnerRole::kDeliveryPartner,
              kFunder = store::PartnerRole::kFunder;
constexpr int kMonths = 60;

Month MonthAt(CivilDate today, int offset_days) {
  const auto ymd = std::chrono::year_month_day(today.days() + std::chrono::days(offset_days));
  return Month(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())));
}

// A deterministic wobble in [-0.06, 0.06] for one practice, procedure and month (FNV-1a).
double Noise(const std::string& organisation, const std::string& code, Month month) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string& part : {organisation, code, month.ToString()})
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ULL;
  return (static_cast<double>(h % 1201) / 10000.0) - 0.06;
}

// Winter pressure on respiratory and heart admissions; fewer electives in August.
double Season(const std::string& code, Month month) {
  const bool winter = month.month() == 12 || month.month() <= 2;
  if (code.rfind("DZ", 0) == 0 || code.rfind("EB", 0) == 0) return winter ? 1.15 : 1.0;
  return month.month() == 8 ? 0.9 : 1.0;
}
}  // namespace

const DemoActivitySet& ActivityDemoData() {
  static const DemoActivitySet data = {
      "activity-1",
      {
          // OPCS-4 interventions
          {"S06.1", "Excision of lesion of skin of head or neck", 165.00, 9},
          {"W90.3", "Injection of therapeutic substance into joint", 120.00, 14},
          {"U50.1", "Education for diabetes (rehabilitation)", 55.00, 8},
          {"C86.5", "Monitoring of intraocular pressure", 85.00, 12},
          {"W81.5", "Manipulation of joint under anaesthetic", 610.00, 3},
          {"W37.1", "Primary total prosthetic replacement of hip joint using cement", 5200.00, 2},
          {"W40.1", "Primary total prosthetic replacement of knee joint using cement", 5450.00, 2},
          {"C75.1", "Insertion of prosthetic replacement for lens into posterior chamber", 720.00, 6},
          {"H22.9", "Diagnostic endoscopic examination of colon, unspecified", 460.00, 5},
          {"G45.1", "Fibreoptic endoscopic examination of upper gastrointestinal tract and biopsy", 390.00, 7},
          {"T20.1", "Primary repair of inguinal hernia using insert of natural or artificial material", 1650.00, 2},
          {"A65.1", "Carpal tunnel release", 780.00, 2},
          {"L85.1", "Ligation of long saphenous vein", 1320.00, 1},
          {"M45.9", "Diagnostic endoscopic examination of bladder, unspecified", 380.00, 3},
          {"F34.1", "Bilateral dissection tonsillectomy", 1150.00, 1},
          {"Q07.4", "Total abdominal hysterectomy", 3050.00, 1},
          {"J18.3", "Total cholecystectomy", 2650.00, 1},
          // HRG4 currencies
          {"JD07D", "Skin disorders without interventions, with CC score 0-1", 210.00, 6},
          {"WF01B", "First attendance, single professional, face to face", 135.00, 40},
          {"KB02F", "Diabetes with hypoglycaemic disorders, without CC", 1180.00, 2},
          {"DZ21A", "Chronic obstructive pulmonary disease or bronchitis, with major CC", 2850.00, 2},
          {"DZ21B", "Chronic obstructive pulmonary disease or bronchitis, with intermediate CC", 1960.00, 2},
          {"DZ21C", "Chronic obstructive pulmonary disease or bronchitis, without CC", 1420.00, 3},
          {"BZ24A", "Non-surgical ophthalmology with interventions", 180.00, 10},
          {"HN51A", "Major knee procedures for non-trauma, with major CC", 6100.00, 1},
          {"XD03Z", "Anticoagulation monitoring, clinic attendance", 32.00, 60},
          {"WA03V", "Falls and fall-related injury, admitted, without CC", 1650.00, 3},
          {"WD11Z", "Primary care psychological therapy, course of treatment", 420.00, 12},
          {"EB03A", "Heart failure or shock, with major CC", 3250.00, 2},
          {"CA37A", "Hearing assessment and fitting of aid", 310.00, 8},
          {"SD01A", "Palliative care, specialist, admitted", 2450.00, 1},
          {"HB12C", "Major hip procedures for non-trauma, category 1, without CC", 5350.00, 2},
      },
      {
          {"P-CATARACT", "Community cataract pre- and post-operative assessment",
           "Optometrists assess patients before and after cataract surgery, so that the hospital sees each patient "
           "once; day-case surgery at the lower local price.",
           "north-pbc", "hugh.morton@eyecare-consortium.org.uk", kCompleted, -1480, -1100, -1480, -1095, 68000,
           {{"north-pbc", kLead}, {"eye", kDelivery}, {"pct", kFunder}},
           {"C75.1"}, {}, {}},
          {"P-JOINTS", "Hip and knee referral management",
           "A musculoskeletal interface service screens hip and knee referrals against agreed criteria.",
           "north-pbc", "meera.patel@northpbc.nhs.uk", kCompleted, -1250, -880, -1240, -860, 92000,
           {{"north-pbc", kLead}, {"community", kDelivery}, {"pct", kFunder}},
           {"W37.1", "W40.1"}, {}, {}},
          {"P-ENDO", "Direct-access endoscopy",
           "GPs book gastroscopy and colonoscopy directly, against two-week-wait criteria, without an out-patient visit.",
           "south-pbc", "robert.nash@southpbc.nhs.uk", kCompleted, -1050, -700, -1040, -700, 54000,
           {{"south-pbc", kLead}, {"acute", kDelivery}, {"pct", kFunder}},
           {"H22.9", "G45.1"}, {}, {}},
          {"P-HERNIA", "Day-case hernia repair",
           "Inguinal hernia repairs moved to day case at the treatment centre.",
           "south-pbc", "catherine.doyle@southpbc.nhs.uk", kCompleted, -820, -520, -810, -500, 41000,
           {{"south-pbc", kLead}, {"acute", kDelivery}},
           {"T20.1"}, {}, {}},
      },
      {
          // Improved: procedures done in the community at a lower price.
          {"P-CATARACT", 1.30, 0.82},
          {"P-MINOR", 1.25, 0.70},
          {"P-ENDO", 1.10, 0.90},
          {"P-DERM", 1.10, 0.80},
          {"P-DIAB", 1.05, 0.92},
          {"P-MSK", 0.95, 0.95},
          // Did not improve: referral thresholds cut counts, not costs; longer stays.
          {"P-JOINTS", 0.85, 1.06},
          {"P-HERNIA", 1.00, 1.12},
          {"P-FALLS", 0.92, 1.05},
          {"P-COPD", 0.88, 1.02},
          {"P-MH", 1.20, 1.00},
          {"P-PALL", 1.00, 1.00},
      },
      {
          {"mill", "north-pbc", 1.2},
          {"castle", "north-pbc", 0.9},
          {"orchard", "north-pbc", 1.0},
          {"fen", "south-pbc", 1.1},
      },
  };
  return data;
}

std::int64_t DemoTariffPence(const DemoProcedure& procedure, int financial_year) {
  return std::llround(procedure.tariff_2008_pounds * std::pow(1.025, financial_year - 2008) * 100.0);
}

std::vector<DemoActivityRow> DemoActivityRows(CivilDate today, Month latest) {
  const auto& data = ActivityDemoData();
  std::map<std::string, const DemoProcedure*> catalogue;
  for (const auto& p : data.catalogue) catalogue[p.code] = &p;
  std::map<std::string, const DemoEffect*> effects;
  for (const auto& e : data.effects) effects[e.project_code] = &e;
  std::vector<const DemoProject*> projects;
  for (const auto& p : ProjectDemoData().projects) projects.push_back(&p);
  for (const auto& p : data.past_projects) projects.push_back(&p);

  std::vector<DemoActivityRow> rows;
  for (const auto& practice : data.practices) {
    std::set<std::string> done;  // a procedure shared by two projects is counted once
    for (const auto* project : projects) {
      if (project->consortium_key != practice.consortium_key) continue;
      const auto effect = effects.find(project->code);
      const Month start = MonthAt(today, project->actual_start.value_or(project->planned_start));
      const Month end = MonthAt(today, project->actual_end.value_or(project->planned_end));
      for (const auto& code : project->procedure_codes) {
        const auto procedure = catalogue.find(code);
        if (procedure == catalogue.end() || !done.insert(code).second) continue;
        for (Month m = latest.Plus(1 - kMonths); m <= latest; m = m.Plus(1)) {
          // 0 before the start, rising to 1 at the end, 1 afterwards.
          double progress = 0;
          if (m >= start)
            progress = m >= end ? 1.0 : static_cast<double>(m.MonthsSince(start) + 1) / (end.MonthsSince(start) + 1);
          const double count_factor = effect == effects.end() ? 1.0 : 1.0 + (effect->second->count_factor - 1.0) * progress;
          const double cost_factor = effect == effects.end() ? 1.0 : 1.0 + (effect->second->cost_factor - 1.0) * progress;
          const double expected = procedure->second->monthly_per_practice * practice.size * Season(code, m) *
                                  (1.0 + Noise(practice.organisation_key, code, m)) * count_factor;
          const auto count = std::max<std::int64_t>(0, std::llround(expected));
          const auto tariff = DemoTariffPence(*procedure->second, m.financial_year());
          rows.push_back({practice.organisation_key, code, m, count,
                          std::llround(static_cast<double>(count * tariff) * cost_factor)});
        }
      }
    }
  }
  return rows;
}

}  // namespace kmhub::domain
