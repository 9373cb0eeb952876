#include "server/partners/contact_store.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "server/partners/partner_audit.h"
#include "server/partners/contact_matching.h"
#include "server/partners/vcard.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"
#include "shared/resource_name.h"

namespace kmhub::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, organisation_id, display_name, given_name, family_name, job_title, clinical_role, emails, phones, "
    "note, vcard_uid, create_micros, update_micros, revision, name_prefix, additional_names, name_suffix, "
    "vcard_properties FROM contacts";

// The card's other properties, one unfolded vCard content line each: a content line holds no
// raw line break (RFC 6350 §3.4 escapes them), so a line feed separates them unambiguously.
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from < text.size();) {
    const auto end = std::min(text.find('\n', from), text.size());
    out.push_back(text.substr(from, end - from));
    from = end + 1;
  }
  return out;
}

struct Row {
  long long id = 0, organisation_id = 0;
  std::string display_name, given_name, family_name, job_title;
  int clinical_role = 0;
  std::string emails, phones, note, vcard_uid;
  long long create_micros = 0, update_micros = 0, revision = 0;
  std::string name_prefix, additional_names, name_suffix, vcard_properties;

  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, organisation_id);
    Col(st, display_name);
    Col(st, given_name);
    Col(st, family_name);
    Col(st, job_title);
    Col(st, clinical_role);
    Col(st, emails);
    Col(st, phones);
    Col(st, note);
    Col(st, vcard_uid);
    Col(st, create_micros);
    Col(st, update_micros);
    Col(st, revision);
    Col(st, name_prefix);
    Col(st, additional_names);
    Col(st, name_suffix);
    Col(st, vcard_properties);
  }
  ContactRecord ToRecord() const {
    ContactRecord r;
    r.id = id;
    r.organisation_id = organisation_id;
    r.display_name = display_name;
    r.given_name = given_name;
    r.family_name = family_name;
    r.job_title = job_title;
    r.clinical_role = clinical_role;
    r.emails = DecodeList(emails);
    r.phones = DecodeList(phones);
    r.note = note;
    r.vcard_uid = vcard_uid;
    r.create_micros = create_micros;
    r.update_micros = update_micros;
    r.revision = revision;
    r.name_prefix = name_prefix;
    r.additional_names = additional_names;
    r.name_suffix = name_suffix;
    r.other_vcard_properties = SplitLines(vcard_properties);
    return r;
  }
};

// Runs a query built on kColumns and collects every row.
std::vector<ContactRecord> FetchAll(soci::session& s, BoundQuery& q) { return FetchRecords<Row>(s, q); }

std::optional<ContactRecord> Fetch(soci::session& s, std::int64_t organisation_id, std::int64_t id) {
  BoundQuery q;
  q.Sql(kColumns).Sql(" WHERE id = " + q.Int(id) + " AND organisation_id = " + q.Int(organisation_id));
  auto rows = FetchAll(s, q);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Error ContactNotFound(std::int64_t organisation_id, std::int64_t id) {
  return NotFound("CONTACT_NOT_FOUND", "contact " + ContactName(organisation_id, id) + " does not exist");
}

Error OrganisationNotFound(std::int64_t id) {
  return NotFound("ORGANISATION_NOT_FOUND", "organisation " + OrganisationName(id) + " does not exist");
}

bool OrganisationExists(soci::session& s, std::int64_t id) {
  long long found = 0;
  const long long key = id;
  s << "SELECT id FROM organisations WHERE id = :id", soci::use(key), soci::into(found);
  return s.got_data();
}

std::string PrimaryEmail(const ContactRecord& c) { return c.emails.empty() ? "" : SortKey(c.emails.front()); }

long long Insert(soci::session& s, const ContactRecord& c) {
  const long long now = NowMicros(), org = c.organisation_id;
  const std::string sort_key = SortKey(c.display_name), family_key = SortKey(c.family_name);
  const std::string emails = EncodeList(c.emails), phones = EncodeList(c.phones), primary = PrimaryEmail(c);
  const std::string others = JoinLines(c.other_vcard_properties);
  long long id = 0;
  s << "INSERT INTO contacts (organisation_id, display_name, sort_key, given_name, family_name, family_sort_key, "
       "job_title, clinical_role, emails, primary_email, phones, note, vcard_uid, create_micros, update_micros, "
       "revision, name_prefix, additional_names, name_suffix, vcard_properties) VALUES (:o, :n, :k, :g, :f, :fk, "
       ":j, :r, :e, :pe, :p, :note, :uid, :c, :u, 1, :np, :an, :ns, :vp) RETURNING id",
      soci::use(org), soci::use(c.display_name), soci::use(sort_key), soci::use(c.given_name),
      soci::use(c.family_name), soci::use(family_key), soci::use(c.job_title), soci::use(c.clinical_role),
      soci::use(emails), soci::use(primary), soci::use(phones), soci::use(c.note), soci::use(c.vcard_uid),
      soci::use(now), soci::use(now), soci::use(c.name_prefix), soci::use(c.additional_names),
      soci::use(c.name_suffix), soci::use(others), soci::into(id);
  return id;
}

// Writes every field; true when the row was still at `revision`.
bool Overwrite(soci::session& s, const ContactRecord& c, std::int64_t revision) {
  const long long now = NowMicros(), id = c.id, org = c.organisation_id, rev = revision;
  const std::string sort_key = SortKey(c.display_name), family_key = SortKey(c.family_name);
  const std::string emails = EncodeList(c.emails), phones = EncodeList(c.phones), primary = PrimaryEmail(c);
  const std::string others = JoinLines(c.other_vcard_properties);
  soci::statement st =
      (s.prepare << "UPDATE contacts SET display_name = :n, sort_key = :k, given_name = :g, family_name = :f, "
                    "family_sort_key = :fk, job_title = :j, clinical_role = :r, emails = :e, primary_email = :pe, "
                    "phones = :p, note = :note, vcard_uid = :uid, update_micros = :u, revision = revision + 1, "
                    "name_prefix = :np, additional_names = :an, name_suffix = :ns, vcard_properties = :vp "
                    "WHERE id = :id AND organisation_id = :o AND revision = :rev",
       soci::use(c.display_name), soci::use(sort_key), soci::use(c.given_name), soci::use(c.family_name),
       soci::use(family_key), soci::use(c.job_title), soci::use(c.clinical_role), soci::use(emails),
       soci::use(primary), soci::use(phones), soci::use(c.note), soci::use(c.vcard_uid), soci::use(now),
       soci::use(c.name_prefix), soci::use(c.additional_names), soci::use(c.name_suffix), soci::use(others),
       soci::use(id), soci::use(org), soci::use(rev));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

KeysetOrder OrderFor(const ContactQuery& query) {
  switch (query.order) {
    case ContactOrder::kFamilyName: return {"family_sort_key", false, query.descending};
    case ContactOrder::kCreateTime: return {"create_micros", true, query.descending};
    case ContactOrder::kDisplayName: break;
  }
  return {"sort_key", false, query.descending};
}

std::string SortValue(const ContactRecord& r, ContactOrder order) {
  switch (order) {
    case ContactOrder::kFamilyName: return SortKey(r.family_name);
    case ContactOrder::kCreateTime: return std::to_string(r.create_micros);
    case ContactOrder::kDisplayName: break;
  }
  return SortKey(r.display_name);
}

}  // namespace

Expected<ContactRecord> ContactStore::Create(const ContactRecord& contact, const std::string& request_id) {
  static const std::string kMethod = "CreateContact";
  return InTransaction(*db_, "creating a contact", [&](soci::session& s) -> Expected<ContactRecord> {
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
      KMHUB_ASSIGN_OR_RETURN(const auto key, ParseContactName(*earlier));
      if (auto existing = Fetch(s, key.organisation_id, key.contact_id)) return *existing;
      return ContactNotFound(key.organisation_id, key.contact_id);
    }
    if (!OrganisationExists(s, contact.organisation_id)) return OrganisationNotFound(contact.organisation_id);
    const auto id = Insert(s, contact);
    LogRequest(s, kMethod, request_id, ContactName(contact.organisation_id, id));
    auto created = *Fetch(s, contact.organisation_id, id);
    RecordChange(s, ContactName(contact.organisation_id, id), "created contact '" + contact.display_name + "'",
                 domain::ChangedFields({}, domain::AuditFields(created)));
    return created;
  });
}

Expected<ContactRecord> ContactStore::Get(std::int64_t organisation_id, std::int64_t id) {
  return WithSession(*db_, "reading a contact", [&](soci::session& s) -> Expected<ContactRecord> {
    if (auto found = Fetch(s, organisation_id, id)) return *found;
    return ContactNotFound(organisation_id, id);
  });
}

Expected<Page<ContactRecord>> ContactStore::List(const ContactQuery& query) {
  return WithSession(*db_, "listing contacts", [&](soci::session& s) -> Expected<Page<ContactRecord>> {
    if (query.organisation_id != 0 && !OrganisationExists(s, query.organisation_id))
      return OrganisationNotFound(query.organisation_id);
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE 1 = 1");
    if (query.organisation_id != 0) q.Sql(" AND organisation_id = " + q.Int(query.organisation_id));
    if (query.clinical_role != 0) q.Sql(" AND clinical_role = " + q.Int(query.clinical_role));
    if (!query.name_prefix.empty()) {
      const std::string low = SortKey(query.name_prefix);
      q.Sql(" AND sort_key >= " + q.Text(low));
      if (const auto high = PrefixUpperBound(low); !high.empty()) q.Sql(" AND sort_key < " + q.Text(high));
    }
    AppendKeyset(q, OrderFor(query), query.position.last_id, query.position.last_sort_value, query.position.page_size);
    return MakePage(FetchAll(s, q), query.position.page_size,
                    [&](const ContactRecord& r) { return SortValue(r, query.order); });
  });
}

Expected<ContactRecord> ContactStore::Update(const ContactRecord& contact, std::int64_t expected_revision) {
  return InTransaction(*db_, "updating a contact", [&](soci::session& s) -> Expected<ContactRecord> {
    const auto current = Fetch(s, contact.organisation_id, contact.id);
    if (!current) return ContactNotFound(contact.organisation_id, contact.id);
    if (!Overwrite(s, contact, expected_revision))
      return Aborted("ETAG_MISMATCH", "contact " + ContactName(contact.organisation_id, contact.id) +
                                          " was changed by someone else; read it again and retry");
    auto updated = *Fetch(s, contact.organisation_id, contact.id);
    RecordChange(s, ContactName(contact.organisation_id, contact.id), "updated contact '" + contact.display_name + "'",
                 domain::ChangedFields(domain::AuditFields(*current), domain::AuditFields(updated)));
    return updated;
  });
}

Outcome ContactStore::Delete(std::int64_t organisation_id, std::int64_t id, std::int64_t expected_revision) {
  return InTransaction(*db_, "deleting a contact", [&](soci::session& s) -> Outcome {
    auto current = Fetch(s, organisation_id, id);
    if (!current) return ContactNotFound(organisation_id, id);
    if (expected_revision != 0 && current->revision != expected_revision)
      return Aborted("ETAG_MISMATCH", "contact " + ContactName(organisation_id, id) + " was changed since you read it");
    const long long key = id;
    // Forum posts keep their authors: a contact who wrote any stays. Mentions are only links
    // (the post's text keeps the name), so they go with the contact.
    long long posts = 0;
    s << "SELECT COUNT(*) FROM forum_posts WHERE author_contact_id = :id", soci::use(key), soci::into(posts);
    if (posts > 0)
      return FailedPrecondition("CONTACT_IN_USE", "contact " + ContactName(organisation_id, id) + " wrote " +
                                                      std::to_string(posts) +
                                                      " forum post(s), which keep their author; it cannot be deleted");
    s << "DELETE FROM forum_mentions WHERE contact_id = :id", soci::use(key);
    s << "DELETE FROM contacts WHERE id = :id", soci::use(key);
    RecordChange(s, ContactName(organisation_id, id), "deleted contact '" + current->display_name + "'",
                 domain::ChangedFields(domain::AuditFields(*current), {}));
    return Ok{};
  });
}

namespace {

constexpr const char* kImportMethod = "ImportContacts";

// What the request log keeps of an import, to answer a retry: "created=3;updated=2;ids=7,8,9,1,2"
// under the organisation's contacts.
std::string ImportSummary(const ContactImportResult& result) {
  std::string ids;
  for (const auto& c : result.contacts) ids += (ids.empty() ? "" : ",") + std::to_string(c.id);
  return "created=" + std::to_string(result.created) + ";updated=" + std::to_string(result.updated) + ";ids=" + ids;
}

// The logged answer, its contacts as they are now (one deleted since is left out), in the
// import's order: a query per 500 ids rather than one per contact.
ContactImportResult Replay(soci::session& s, std::int64_t organisation_id, const std::string& summary) {
  ContactImportResult result;
  result.replayed = true;
  std::sscanf(summary.c_str(), "created=%d;updated=%d", &result.created, &result.updated);
  std::vector<std::int64_t> ids;
  const auto at = summary.find(";ids=");
  for (std::size_t from = at == std::string::npos ? summary.size() : at + 5; from < summary.size();) {
    const auto comma = std::min(summary.find(',', from), summary.size());
    ids.push_back(std::stoll(summary.substr(from, comma - from)));
    from = comma + 1;
  }
  constexpr std::size_t kPerQuery = 500;
  std::map<std::int64_t, ContactRecord> found;
  for (std::size_t from = 0; from < ids.size(); from += kPerQuery) {
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE organisation_id = " + q.Int(organisation_id) + " AND id IN " +
                        q.IntList(ids, from, from + kPerQuery));
    for (auto& c : FetchAll(s, q)) found.emplace(c.id, std::move(c));
  }
  for (auto id : ids)
    if (auto c = found.find(id); c != found.end()) result.contacts.push_back(std::move(c->second));
  return result;
}

}  // namespace

Expected<ContactImportResult> ContactStore::Import(std::int64_t organisation_id, const std::vector<ContactRecord>& contacts,
                                                   bool dry_run, const std::string& request_id) {
  return WithSession(*db_, "importing contacts", [&](soci::session& s) -> Expected<ContactImportResult> {
    Transaction tx(s, *db_);
    ContactImportResult result;
    if (!OrganisationExists(s, organisation_id)) return OrganisationNotFound(organisation_id);
    // Inside the import's transaction: a retry that arrives while the first is still being
    // written finds its answer once the first has committed.
    if (!dry_run)
      if (const auto logged = FindLoggedRequest(s, kImportMethod, request_id)) return Replay(s, organisation_id, *logged);
    // The organisation's contacts, read once: each card is matched against them and against the
    // cards written before it (domain::ContactMatcher says how).
    BoundQuery all;
    all.Sql(kColumns).Sql(" WHERE organisation_id = " + all.Int(organisation_id));
    std::map<std::int64_t, ContactRecord> stored;
    domain::ContactMatcher matcher(organisation_id);
    for (auto& c : FetchAll(s, all)) {
      matcher.Add(c);
      stored.emplace(c.id, std::move(c));
    }
    for (ContactRecord card : contacts) {
      card.organisation_id = organisation_id;
      if (const auto match = matcher.Match(card)) {
        const auto& existing = stored.at(*match);
        card.id = existing.id;
        // A card without a UID of its own (or with the one kmhub's export made up) keeps the
        // contact's.
        if (card.vcard_uid.empty() || card.vcard_uid == domain::KmhubContactUid(organisation_id, card.id))
          card.vcard_uid = existing.vcard_uid;
        if (!Overwrite(s, card, existing.revision))
          return Aborted("CONCURRENT_CHANGE", "contact " + ContactName(organisation_id, card.id) +
                                                  " changed during the import; run the import again");
        ++result.updated;
      } else {
        card.id = Insert(s, card);
        ++result.created;
      }
      auto written = *Fetch(s, organisation_id, card.id);
      matcher.Add(written);
      stored[written.id] = written;
      result.contacts.push_back(std::move(written));
    }
    if (!dry_run) {
      LogRequest(s, kImportMethod, request_id, ImportSummary(result));
      RecordChange(s, OrganisationName(organisation_id) + "/contacts",
                   "imported " + std::to_string(contacts.size()) + " vCard(s): " + std::to_string(result.created) +
                       " created, " + std::to_string(result.updated) + " updated");
      tx.Commit();
    }
    return result;
  });
}

Expected<std::vector<ContactRecord>> ContactStore::All(std::int64_t organisation_id, int clinical_role, int limit) {
  ExportPosition from_start;
  bool more = false;
  return ExportPage(organisation_id, clinical_role, from_start, limit, more);
}

Expected<std::vector<ContactRecord>> ContactStore::ExportPage(std::int64_t organisation_id, int clinical_role,
                                                             ExportPosition& after, int limit, bool& more) {
  return WithSession(*db_, "exporting contacts", [&](soci::session& s) -> Expected<std::vector<ContactRecord>> {
    if (organisation_id != 0 && !OrganisationExists(s, organisation_id)) return OrganisationNotFound(organisation_id);
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE 1 = 1");
    if (organisation_id != 0) q.Sql(" AND organisation_id = " + q.Int(organisation_id));
    if (clinical_role != 0) q.Sql(" AND clinical_role = " + q.Int(clinical_role));
    if (after.id != 0)
      q.Sql(" AND (organisation_id > " + q.Int(after.organisation_id) + " OR (organisation_id = " +
            q.Int(after.organisation_id) + " AND (sort_key > " + q.Text(after.sort_key) + " OR (sort_key = " +
            q.Text(after.sort_key) + " AND id > " + q.Int(after.id) + "))))");
    q.Sql(" ORDER BY organisation_id, sort_key, id LIMIT " + q.Int(limit + 1));
    auto page = FetchAll(s, q);
    more = static_cast<int>(page.size()) > limit;
    if (more) page.pop_back();
    if (!page.empty()) after = {page.back().organisation_id, SortKey(page.back().display_name), page.back().id};
    return page;
  });
}

}  // namespace kmhub::store
