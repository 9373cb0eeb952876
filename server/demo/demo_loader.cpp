#include "server/demo/demo_loader.h"

#include <algorithm>
#include <map>

#include "server/partners/contact_rules.h"
#include "server/activity/demo_activity.h"
#include "server/forums/demo_forums.h"
#include "server/surveys/demo_surveys.h"
#include "server/forums/forum_mentions.h"
#include "server/forums/forum_store.h"
#include "server/surveys/survey_scale.h"
#include "server/surveys/survey_store.h"
#include "server/platform/rules/procedure_code.h"
#include "server/activity/activity_store.h"
#include "server/partners/demo_partners.h"
#include "server/projects/demo_projects.h"
#include "server/projects/milestone_schedule.h"
#include "server/projects/project_rules.h"
#include "server/partners/organisation_rules.h"
#include "server/partners/relationship_rules.h"
#include "server/partners/contact_store.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_store.h"
#include "server/partners/relationship_store.h"
#include "server/platform/db/settings_store.h"
#include "shared/civil_date.h"

namespace kmhub::server {

namespace {
constexpr const char* kDemoKey = "demo_data";
constexpr const char* kDemoProjectsKey = "demo_projects";
constexpr const char* kDemoActivityKey = "demo_activity";
constexpr const char* kDemoSurveysKey = "demo_surveys";
constexpr const char* kDemoForumsKey = "demo_forums";

std::string Offset(CivilDate today, int days) {
  return CivilDate(std::chrono::year_month_day(today.days() + std::chrono::days(days))).ToString();
}

// One demo project with its milestones and status updates; request ids under `prefix` make a
// load that was cut short and run again find what it made.
Outcome CreateDemoProject(std::shared_ptr<store::Database> db, const domain::DemoProject& d, const std::string& prefix,
                          const std::map<std::string, std::int64_t>& org_ids,
                          const std::map<std::string, store::ContactRecord>& by_email, CivilDate today) {
  store::ProjectStore projects(db);
  store::ProjectRecord p;
  p.code = d.code;
  p.title = d.title;
  p.summary = d.summary;
  p.consortium_id = org_ids.at(d.consortium_key);
  if (!d.lead_email.empty()) {
    const auto& lead = by_email.at(d.lead_email);
    p.lead_contact_organisation_id = lead.organisation_id;
    p.lead_contact_id = lead.id;
  }
  p.state = d.state;
  p.planned_start = Offset(today, d.planned_start);
  p.planned_end = Offset(today, d.planned_end);
  if (d.actual_start) p.actual_start = Offset(today, *d.actual_start);
  if (d.actual_end) p.actual_end = Offset(today, *d.actual_end);
  p.investment_pence = d.investment_pounds * 100;
  for (const auto& [key, role] : d.partners) p.partners.push_back({org_ids.at(key), role});
  p.procedure_codes = d.procedure_codes;
  KMHUB_TRY(domain::NormaliseProject(p));
  KMHUB_ASSIGN_OR_RETURN(const auto project, projects.Create(p, prefix + "project:" + d.code));

  std::vector<std::int64_t> milestone_ids;
  for (std::size_t i = 0; i < d.milestones.size(); ++i) {
    const auto& dm = d.milestones[i];
    store::MilestoneRecord m;
    m.project_id = project.id;
    m.title = dm.title;
    if (dm.start != dm.due) m.start_date = Offset(today, dm.start);
    m.due = Offset(today, dm.due);
    m.baseline_due = Offset(today, dm.baseline);
    if (dm.completed) m.completed = Offset(today, *dm.completed);
    if (!dm.owner_key.empty()) m.owner_organisation_id = org_ids.at(dm.owner_key);
    for (int a : dm.after) m.predecessor_ids.push_back(milestone_ids.at(static_cast<std::size_t>(a)));
    KMHUB_TRY(domain::NormaliseMilestone(m));
    KMHUB_ASSIGN_OR_RETURN(const auto schedule, projects.GetSchedule(project.code));
    KMHUB_ASSIGN_OR_RETURN(const auto saved, projects.SaveMilestone(m, schedule.revision,
                                                                    prefix + "milestone:" + d.code + ":" + std::to_string(i)));
    milestone_ids.push_back(saved.id);
  }
  int n = 0;
  for (const auto& du : d.updates) {
    store::StatusUpdateRecord u;
    u.project_id = project.id;
    u.date = Offset(today, du.date);
    u.rag = du.rag;
    u.narrative = du.narrative;
    const auto& author = by_email.at(du.author_email);
    u.author_organisation_id = author.organisation_id;
    u.author_contact_id = author.id;
    KMHUB_TRY(domain::NormaliseStatusUpdate(u, today));
    KMHUB_TRY(projects.AddStatusUpdate(u, prefix + "update:" + d.code + ":" + std::to_string(n++)));
  }
  return Ok{};
}

// Organisation ids by demo key, and contacts by e-mail, found again in the database.
Outcome FindDemoPartners(std::shared_ptr<store::Database> db, std::map<std::string, std::int64_t>& org_ids,
                         std::map<std::string, store::ContactRecord>& by_email) {
  store::OrganisationStore organisations(db);
  store::ContactStore contacts(db);
  for (const auto& o : domain::PartnerDemoData().organisations) {
    KMHUB_ASSIGN_OR_RETURN(const auto found, organisations.FindByOdsCode(o.ods_code));
    org_ids[o.key] = found.id;
  }
  KMHUB_ASSIGN_OR_RETURN(const auto all_contacts, contacts.All(0, 0, 100000));
  for (const auto& c : all_contacts)
    if (!c.emails.empty()) by_email[c.emails.front()] = c;
  return Ok{};
}

// The demo PBC projects, on top of the demo partners (found again by ODS code and e-mail).
Expected<bool> LoadDemoProjects(std::shared_ptr<store::Database> db) {
  const auto& data = domain::ProjectDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoProjectsKey));
  if (loaded && *loaded == data.version) return false;

  std::map<std::string, std::int64_t> org_ids;
  std::map<std::string, store::ContactRecord> by_email;
  KMHUB_TRY(FindDemoPartners(db, org_ids, by_email));

  const auto today = CivilDate::Today();
  const std::string prefix = "demo:" + data.version + ":";
  for (const auto& d : data.projects) KMHUB_TRY(CreateDemoProject(db, d, prefix, org_ids, by_email, today));
  KMHUB_TRY(settings.Put(kDemoProjectsKey, data.version));
  return true;
}

// The procedure catalogue, projects completed years ago, and five years of monthly activity.
Expected<bool> LoadDemoActivity(std::shared_ptr<store::Database> db) {
  const auto& data = domain::ActivityDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoActivityKey));
  if (loaded && *loaded == data.version) return false;
  std::map<std::string, std::int64_t> org_ids;
  std::map<std::string, store::ContactRecord> by_email;
  KMHUB_TRY(FindDemoPartners(db, org_ids, by_email));
  const auto today = CivilDate::Today();
  const Month latest = Month(static_cast<int>(today.ymd().year()),
                             static_cast<int>(static_cast<unsigned>(today.ymd().month()))).Plus(-1);

  std::vector<store::ProcedureRecord> catalogue;
  std::map<std::string, std::string> normalised;  // as written → stored
  for (const auto& p : data.catalogue) {
    KMHUB_ASSIGN_OR_RETURN(const auto code, domain::NormaliseProcedureCode(p.code));
    store::ProcedureRecord r{code.code, static_cast<int>(code.kind), p.description, {}};
    for (int fy = latest.Plus(-60).financial_year(); fy <= latest.financial_year() + 1; ++fy)
      r.tariff_pence[fy] = domain::DemoTariffPence(p, fy);
    normalised[p.code] = code.code;
    catalogue.push_back(std::move(r));
  }
  store::ActivityStore activity(db);
  KMHUB_TRY(activity.UpsertProcedures(catalogue));

  const std::string prefix = "demo:" + data.version + ":";
  store::ProjectStore projects(db);
  for (const auto& d : data.past_projects) {
    if (projects.Get(d.code)) continue;  // a load cut short after this project
    KMHUB_TRY(CreateDemoProject(db, d, prefix, org_ids, by_email, today));
  }
  std::vector<store::ActivityRecord> rows;
  for (const auto& r : domain::DemoActivityRows(today, latest))
    rows.push_back({org_ids.at(r.organisation_key), normalised.at(r.procedure_code), r.month, r.count, r.cost_pence});
  // Keyed by (organisation, procedure, month): loading again replaces, never adds.
  KMHUB_TRY(activity.ReplaceActivity(rows, false));
  KMHUB_TRY(settings.Put(kDemoActivityKey, data.version));
  return true;
}

// Three waves of both surveys, each wave imported as one import by "system".
Expected<bool> LoadDemoSurveys(std::shared_ptr<store::Database> db) {
  const auto& data = domain::SurveyDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoSurveysKey));
  if (loaded && *loaded == data.version) return false;
  std::map<std::string, std::int64_t> org_ids;
  std::map<std::string, store::ContactRecord> by_email;
  KMHUB_TRY(FindDemoPartners(db, org_ids, by_email));
  store::SurveyStore surveys(db);
  for (const auto& w : data.waves) {
    KMHUB_ASSIGN_OR_RETURN(auto survey, surveys.Get(w.survey_code));
    auto wave = std::find_if(survey.waves.begin(), survey.waves.end(),
                             [&](const store::SurveyWaveRecord& x) { return x.label == w.label; });
    std::int64_t wave_id = 0;
    if (wave != survey.waves.end()) {
      wave_id = wave->id;  // a load cut short after this wave was made
    } else {
      KMHUB_ASSIGN_OR_RETURN(const auto made, surveys.CreateWave(survey.id, {0, w.label, w.opens, w.closes, 0}));
      wave_id = made.id;
    }
    std::vector<store::SurveyResponseRecord> responses;
    for (const auto& r : w.responses) {
      store::SurveyResponseRecord rec{r.respondent_id, org_ids.at(r.organisation_key), r.submitted, {}};
      for (const auto& q : survey.questions) {
        const auto answer = r.answers.find(q.code);
        if (answer == r.answers.end()) continue;
        KMHUB_ASSIGN_OR_RETURN(const auto scored, domain::ScoreAnswer(static_cast<domain::Scale>(q.scale), answer->second));
        if (scored.answered) rec.answers.push_back({q.id, scored.score, scored.text});
      }
      responses.push_back(std::move(rec));
    }
    store::SurveyImportRecord record;
    record.file_name = "demo " + w.survey_code + " " + w.label;
    record.sha256 = "";
    record.format = store::SurveyFileFormat::kKmhub;
    // Keyed by (wave, respondent): a second load replaces, never adds.
    KMHUB_TRY(surveys.Import(wave_id, record, responses, false));
  }
  KMHUB_TRY(settings.Put(kDemoSurveysKey, data.version));
  return true;
}

// The contacts a demo post mentions (@given.family), found among the demo contacts.
std::vector<std::int64_t> DemoMentions(const std::string& body, const std::map<std::string, store::ContactRecord>& by_email) {
  std::vector<std::int64_t> ids;
  for (const auto& m : domain::FindMentions(body))
    for (const auto& [email, c] : by_email)
      if (m.kind == domain::Mention::Kind::kHandle && domain::ContactHandle(c.given_name, c.family_name) == m.text)
        ids.push_back(c.id);
  return ids;
}

// Two dozen threads across the categories, written over the last months, with answers and a
// locked thread; request ids make a load cut short and run again find what it wrote.
Expected<bool> LoadDemoForums(std::shared_ptr<store::Database> db) {
  const auto& data = domain::ForumDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoForumsKey));
  if (loaded && *loaded == data.version) return false;
  std::map<std::string, std::int64_t> org_ids;
  std::map<std::string, store::ContactRecord> by_email;
  KMHUB_TRY(FindDemoPartners(db, org_ids, by_email));
  store::ForumStore forums(db);
  for (const auto& c : data.categories) {
    if (forums.GetCategory(c.code)) continue;
    KMHUB_TRY(forums.CreateCategory({0, c.code, c.title, c.description, c.roles, 0, 0}));
  }
  const std::string prefix = "demo:" + data.version + ":forum:";
  const std::int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  constexpr std::int64_t kHour = 3600LL * 1000000LL;
  for (std::size_t i = 0; i < data.threads.size(); ++i) {
    const auto& d = data.threads[i];
    std::int64_t at = now - static_cast<std::int64_t>(d.days_ago) * 24 * kHour;
    store::NewForumThread thread{d.category, d.title, d.tags, d.project_codes, by_email.at(d.author_email).id,
                                 d.body, DemoMentions(d.body, by_email), at};
    const std::string key = prefix + std::to_string(i);
    KMHUB_ASSIGN_OR_RETURN(const auto made, forums.CreateThread(thread, key));
    KMHUB_ASSIGN_OR_RETURN(const auto first, forums.ListPosts(made.id, {"", 0, 1}));
    std::vector<std::int64_t> post_ids;
    for (std::size_t r = 0; r < d.replies.size(); ++r) {
      const auto& reply = d.replies[r];
      at += reply.hours_after * kHour;
      const std::int64_t to = reply.in_reply_to < 0 ? first.items.front().id
                                                    : post_ids.at(static_cast<std::size_t>(reply.in_reply_to));
      KMHUB_ASSIGN_OR_RETURN(const auto post,
                             forums.CreatePost({made.id, by_email.at(reply.author_email).id, reply.body, to,
                                                DemoMentions(reply.body, by_email), std::min(at, now)},
                                               key + ":" + std::to_string(r)));
      post_ids.push_back(post.id);
    }
    if (d.accepted_reply >= 0) KMHUB_TRY(forums.AcceptAnswer(made.id, post_ids.at(static_cast<std::size_t>(d.accepted_reply))));
    if (d.locked) KMHUB_TRY(forums.Lock(made.id, true));
  }
  KMHUB_TRY(settings.Put(kDemoForumsKey, data.version));
  return true;
}

Expected<bool> LoadDemoPartners(std::shared_ptr<store::Database> db);
}  // namespace

Expected<bool> LoadDemoData(std::shared_ptr<store::Database> db) {
  KMHUB_ASSIGN_OR_RETURN(const bool partners, LoadDemoPartners(db));
  KMHUB_ASSIGN_OR_RETURN(const bool projects, LoadDemoProjects(db));
  KMHUB_ASSIGN_OR_RETURN(const bool activity, LoadDemoActivity(db));
  KMHUB_ASSIGN_OR_RETURN(const bool surveys, LoadDemoSurveys(db));
  KMHUB_ASSIGN_OR_RETURN(const bool forums, LoadDemoForums(db));
  return partners || projects || activity || surveys || forums;
}

namespace {
Expected<bool> LoadDemoPartners(std::shared_ptr<store::Database> db) {
  const auto& data = domain::PartnerDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoKey));
  if (loaded && *loaded == data.version) return false;

  // Every record carries a request id derived from the data set, so a load that was cut short
  // and is run again re-finds what it created instead of duplicating it.
  const std::string prefix = "demo:" + data.version + ":";
  store::OrganisationStore organisations(db);
  store::ContactStore contacts(db);
  store::RelationshipStore relationships(db);
  std::map<std::string, std::int64_t> ids;
  for (const auto& o : data.organisations) {
    store::OrganisationRecord r{0, o.display_name, o.kind, o.ods_code, o.email_domains, o.tags, 0, 0, 0};
    KMHUB_TRY(domain::NormaliseOrganisation(r));
    KMHUB_ASSIGN_OR_RETURN(const auto created, organisations.Create(r, prefix + "org:" + o.key));
    ids[o.key] = created.id;
  }
  for (const auto& c : data.contacts) {
    store::ContactRecord r;
    r.organisation_id = ids.at(c.organisation_key);
    r.given_name = c.given_name;
    r.family_name = c.family_name;
    r.job_title = c.job_title;
    r.clinical_role = c.clinical_role;
    r.emails = {c.email};
    r.phones = {c.phone};
    KMHUB_TRY(domain::NormaliseContact(r));
    KMHUB_TRY(contacts.Create(r, prefix + "contact:" + c.email));
  }
  int n = 0;
  for (const auto& rel : data.relationships) {
    store::RelationshipRecord r;
    r.organisation_id = ids.at(rel.organisation_key);
    r.related_organisation_id = ids.at(rel.related_key);
    r.type = rel.type;
    r.start_date = rel.start_date;
    r.end_date = rel.end_date;
    r.description = rel.description;
    KMHUB_TRY(domain::ValidateRelationship(r));
    KMHUB_TRY(relationships.Create(r, prefix + "relationship:" + std::to_string(n++)));
  }
  KMHUB_TRY(settings.Put(kDemoKey, data.version));
  return true;
}
}  // namespace

}  // namespace kmhub::server
