#include "server/projects/contributor_store.h"

#include <algorithm>
#include <map>

#include "server/platform/db/bound_query.h"
#include "server/platform/db/session.h"
#include "shared/civil_date.h"

namespace kmhub::store {

namespace {

// A status update counts from the start of its (UTC) date.
std::int64_t DateMicros(const std::string& date) {
  const auto d = CivilDate::Parse(date);
  return d ? d->StartMicros() : 0;
}

void Widen(ContributorRecord& c, std::int64_t first, std::int64_t last) {
  if (first && (c.first_micros == 0 || first < c.first_micros)) c.first_micros = first;
  if (last > c.last_micros) c.last_micros = last;
}

}  // namespace

Expected<std::vector<ContributorRecord>> ContributorStore::ForProject(const std::string& project_code) {
  return WithSession(*db_, "listing a project's contributors", [&](soci::session& s) -> Expected<std::vector<ContributorRecord>> {
    long long project = 0, lead = 0;
    soci::indicator project_ind = soci::i_null, lead_ind = soci::i_null;
    s << "SELECT id, lead_contact_id FROM projects WHERE code = :c", soci::use(project_code),
        soci::into(project, project_ind), soci::into(lead, lead_ind);
    if (!s.got_data() || project_ind != soci::i_ok)
      return NotFound("PROJECT_NOT_FOUND", "project projects/" + project_code + " does not exist");

    std::map<long long, ContributorRecord> by_contact;
    if (lead_ind == soci::i_ok) by_contact[lead].lead = true;
    {
      long long contact = 0, posts = 0, first = 0, last = 0;
      soci::statement st =
          (s.prepare << "SELECT fp.author_contact_id, COUNT(*), MIN(fp.create_micros), MAX(fp.create_micros) FROM "
                        "forum_thread_projects tp JOIN forum_posts fp ON fp.thread_id = tp.thread_id WHERE "
                        "tp.project_id = :p GROUP BY fp.author_contact_id",
           soci::use(project), soci::into(contact), soci::into(posts), soci::into(first), soci::into(last));
      if (st.execute(true))
        do {
          auto& c = by_contact[contact];
          c.posts = posts;
          Widen(c, first, last);
        } while (st.fetch());
    }
    {
      long long contact = 0, updates = 0;
      std::string first, last;
      soci::statement st =
          (s.prepare << "SELECT author_contact_id, COUNT(*), MIN(update_date), MAX(update_date) FROM status_updates "
                        "WHERE project_id = :p AND author_contact_id IS NOT NULL GROUP BY author_contact_id",
           soci::use(project), soci::into(contact), soci::into(updates), soci::into(first), soci::into(last));
      if (st.execute(true))
        do {
          auto& c = by_contact[contact];
          c.updates = updates;
          Widen(c, DateMicros(first), DateMicros(last));
        } while (st.fetch());
    }
    if (by_contact.empty()) return std::vector<ContributorRecord>{};

    BoundQuery q;
    std::string ids;
    for (const auto& [id, _] : by_contact) ids += (ids.empty() ? "" : ", ") + q.Int(id);
    q.Sql("SELECT c.id, c.organisation_id, c.display_name, c.job_title, c.clinical_role, o.display_name FROM contacts c "
          "JOIN organisations o ON o.id = c.organisation_id WHERE c.id IN (" +
          ids + ")");
    struct Row {
      long long id = 0, organisation = 0;
      std::string name, title, organisation_name;
      int role = 0;
    };
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.id);
          Col(st, r.organisation);
          Col(st, r.name);
          Col(st, r.title);
          Col(st, r.role);
          Col(st, r.organisation_name);
        },
        [&](const Row& r) {
          auto& c = by_contact[r.id];
          c.contact_id = r.id;
          c.organisation_id = r.organisation;
          c.display_name = r.name;
          c.job_title = r.title;
          c.clinical_role = r.role;
          c.organisation_name = r.organisation_name;
        });
    std::vector<ContributorRecord> out;
    for (auto& [_, c] : by_contact) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const ContributorRecord& a, const ContributorRecord& b) {
      if (a.posts + a.updates != b.posts + b.updates) return a.posts + a.updates > b.posts + b.updates;
      return a.display_name < b.display_name;
    });
    return out;
  });
}

}  // namespace kmhub::store
