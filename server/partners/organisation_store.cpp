#include "server/partners/organisation_store.h"

#include "server/partners/partner_audit.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"
#include "shared/resource_name.h"

namespace kmhub::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, display_name, kind, COALESCE(ods_code, ''), email_domains, tags, create_micros, update_micros, "
    "revision FROM organisations";

// The row as read; turned into a record after the fetch.
struct Row {
  long long id = 0;
  std::string display_name;
  int kind = 0;
  std::string ods_code, email_domains, tags;
  long long create_micros = 0, update_micros = 0, revision = 0;

  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, display_name);
    Col(st, kind);
    Col(st, ods_code);
    Col(st, email_domains);
    Col(st, tags);
    Col(st, create_micros);
    Col(st, update_micros);
    Col(st, revision);
  }
  OrganisationRecord ToRecord() const {
    return {id, display_name, kind, ods_code, DecodeList(email_domains), DecodeList(tags), create_micros, update_micros,
            revision};
  }
};

Error OrganisationNotFound(std::int64_t id) {
  return NotFound("ORGANISATION_NOT_FOUND", "organisation " + OrganisationName(id) + " does not exist");
}

Error DuplicateOdsCode(const std::string& ods_code, long long holder) {
  return AlreadyExists("DUPLICATE_ODS_CODE", "ODS code " + ods_code + " already belongs to " + OrganisationName(holder) +
                                                 "; ODS codes are unique");
}

// The hottest read of the service, prepared once per connection.
struct FetchById final : CachedStatement {
  explicit FetchById(soci::session& s) : st(s) {
    row.Exchange(st);
    st.exchange(soci::use(id, "id"));
    st.alloc();
    st.prepare(std::string(kColumns) + " WHERE id = :id");
    st.define_and_bind();
  }
  long long id = 0;
  Row row;
  soci::statement st;
};

std::optional<OrganisationRecord> Fetch(soci::session& s, std::int64_t id) {
  auto& fetch = Cached<FetchById>(s, "organisations.fetch_by_id");
  fetch.id = id;
  const bool found = fetch.st.execute(true);
  ReleaseStatement(fetch.st);
  if (!found) return std::nullopt;
  return fetch.row.ToRecord();
}

// The holder of an ODS code other than `self`, or 0.
long long OdsCodeHolder(soci::session& s, const std::string& ods_code, std::int64_t self) {
  if (ods_code.empty()) return 0;
  long long holder = 0;
  const long long self_id = self;
  s << "SELECT id FROM organisations WHERE ods_code = :c AND id <> :s", soci::use(ods_code), soci::use(self_id),
      soci::into(holder);
  return s.got_data() ? holder : 0;
}

// NULL keeps empty ODS codes out of the UNIQUE constraint.
soci::indicator OdsIndicator(const std::string& ods_code) { return ods_code.empty() ? soci::i_null : soci::i_ok; }

KeysetOrder OrderFor(const OrganisationQuery& query) {
  switch (query.order) {
    case OrganisationOrder::kOdsCode: return {"COALESCE(ods_code, '')", false, query.descending};
    case OrganisationOrder::kCreateTime: return {"create_micros", true, query.descending};
    case OrganisationOrder::kDisplayName: break;
  }
  return {"sort_key", false, query.descending};
}

std::string SortValue(const OrganisationRecord& r, OrganisationOrder order) {
  switch (order) {
    case OrganisationOrder::kOdsCode: return r.ods_code;
    case OrganisationOrder::kCreateTime: return std::to_string(r.create_micros);
    case OrganisationOrder::kDisplayName: break;
  }
  return SortKey(r.display_name);
}

}  // namespace

Expected<OrganisationRecord> OrganisationStore::Create(const OrganisationRecord& organisation,
                                                       const std::string& request_id) {
  static const std::string kMethod = "CreateOrganisation";
  return InTransaction(*db_, "creating an organisation", [&](soci::session& s) -> Expected<OrganisationRecord> {
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
      KMHUB_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(*earlier));
      if (auto existing = Fetch(s, id)) return *existing;
      return OrganisationNotFound(id);
    }
    if (const auto holder = OdsCodeHolder(s, organisation.ods_code, 0)) return DuplicateOdsCode(organisation.ods_code, holder);
    const long long now = NowMicros();
    const std::string sort_key = SortKey(organisation.display_name);
    const std::string domains = EncodeList(organisation.email_domains), tags = EncodeList(organisation.tags);
    soci::indicator ods_ind = OdsIndicator(organisation.ods_code);
    long long id = 0;
    s << "INSERT INTO organisations (display_name, sort_key, kind, ods_code, email_domains, tags, create_micros, "
         "update_micros, revision) VALUES (:n, :k, :kind, :ods, :d, :t, :c, :u, 1) RETURNING id",
        soci::use(organisation.display_name), soci::use(sort_key), soci::use(organisation.kind),
        soci::use(organisation.ods_code, ods_ind), soci::use(domains), soci::use(tags), soci::use(now), soci::use(now),
        soci::into(id);
    LogRequest(s, kMethod, request_id, OrganisationName(id));
    auto created = Fetch(s, id);
    if (!created) return Internal("ORGANISATION_VANISHED", "the new organisation could not be read back");
    RecordChange(s, OrganisationName(id), "created organisation '" + organisation.display_name + "'",
                 domain::ChangedFields({}, domain::AuditFields(*created)));
    return *created;
  });
}

Expected<OrganisationRecord> OrganisationStore::Get(std::int64_t id) {
  return WithSession(*db_, "reading an organisation", [&](soci::session& s) -> Expected<OrganisationRecord> {
    if (auto found = Fetch(s, id)) return *found;
    return OrganisationNotFound(id);
  });
}

Expected<std::map<std::int64_t, std::string>> OrganisationStore::DisplayNames(const std::vector<std::int64_t>& ids) {
  return WithSession(*db_, "reading organisation names",
                     [&](soci::session& s) -> Expected<std::map<std::int64_t, std::string>> {
                       std::map<std::int64_t, std::string> names;
                       if (ids.empty()) return names;
                       BoundQuery q;
                       q.Sql("SELECT id, display_name FROM organisations WHERE id IN " + q.IntList(ids));
                       struct Row {
                         long long id = 0;
                         std::string name;
                       };
                       RunCached<Row>(
                           s, q,
                           [](Row& r, auto& st) {
                             Col(st, r.id);
                             Col(st, r.name);
                           },
                           [&](const Row& r) { names[r.id] = r.name; });
                       return names;
                     });
}

Expected<OrganisationRecord> OrganisationStore::FindByOdsCode(const std::string& ods_code) {
  return WithSession(*db_, "finding an organisation by ODS code", [&](soci::session& s) -> Expected<OrganisationRecord> {
    long long id = 0;
    s << "SELECT id FROM organisations WHERE ods_code = :c", soci::use(ods_code), soci::into(id);
    if (s.got_data())
      if (auto found = Fetch(s, id)) return *found;
    return NotFound("ORGANISATION_NOT_FOUND", "no organisation has ODS code " + ods_code);
  });
}

Expected<Page<OrganisationRecord>> OrganisationStore::List(const OrganisationQuery& query) {
  return WithSession(*db_, "listing organisations", [&](soci::session& s) -> Expected<Page<OrganisationRecord>> {
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE 1 = 1");
    if (query.kind != 0) q.Sql(" AND kind = " + q.Int(query.kind));
    if (query.only_id != 0) q.Sql(" AND id = " + q.Int(query.only_id));
    if (!query.tag.empty()) q.Sql(" AND tags LIKE " + q.Text("%|" + query.tag + "|%"));
    if (!query.name_prefix.empty()) {
      const std::string low = SortKey(query.name_prefix);
      q.Sql(" AND sort_key >= " + q.Text(low));
      if (const auto high = PrefixUpperBound(low); !high.empty()) q.Sql(" AND sort_key < " + q.Text(high));
    }
    AppendKeyset(q, OrderFor(query), query.position.last_id, query.position.last_sort_value, query.position.page_size);
    std::vector<OrganisationRecord> rows;
    RunCached<Row>(s, q, [](Row& r, auto& st) { r.Exchange(st); },
                   [&](const Row& r) { rows.push_back(r.ToRecord()); });
    return MakePage(std::move(rows), query.position.page_size,
                    [&](const OrganisationRecord& r) { return SortValue(r, query.order); });
  });
}

Expected<OrganisationRecord> OrganisationStore::Update(const OrganisationRecord& organisation,
                                                       std::int64_t expected_revision) {
  return InTransaction(*db_, "updating an organisation", [&](soci::session& s) -> Expected<OrganisationRecord> {
    auto current = Fetch(s, organisation.id);
    if (!current) return OrganisationNotFound(organisation.id);
    if (current->revision != expected_revision)
      return Aborted("ETAG_MISMATCH", "organisation " + OrganisationName(organisation.id) +
                                          " was changed by someone else; read it again and retry");
    if (const auto holder = OdsCodeHolder(s, organisation.ods_code, organisation.id))
      return DuplicateOdsCode(organisation.ods_code, holder);
    const long long now = NowMicros(), id = organisation.id, revision = expected_revision;
    const std::string sort_key = SortKey(organisation.display_name);
    const std::string domains = EncodeList(organisation.email_domains), tags = EncodeList(organisation.tags);
    soci::indicator ods_ind = OdsIndicator(organisation.ods_code);
    soci::statement st = (s.prepare << "UPDATE organisations SET display_name = :n, sort_key = :k, kind = :kind, "
                                       "ods_code = :ods, email_domains = :d, tags = :t, update_micros = :u, "
                                       "revision = revision + 1 WHERE id = :id AND revision = :r",
                          soci::use(organisation.display_name), soci::use(sort_key), soci::use(organisation.kind),
                          soci::use(organisation.ods_code, ods_ind), soci::use(domains), soci::use(tags),
                          soci::use(now), soci::use(id), soci::use(revision));
    st.execute(true);
    if (st.get_affected_rows() != 1)
      return Aborted("ETAG_MISMATCH", "organisation " + OrganisationName(organisation.id) +
                                          " was changed by someone else; read it again and retry");
    auto updated = *Fetch(s, organisation.id);
    RecordChange(s, OrganisationName(organisation.id),
                 "updated organisation '" + organisation.display_name + "' to revision " + std::to_string(revision + 1),
                 domain::ChangedFields(domain::AuditFields(*current), domain::AuditFields(updated)));
    return updated;
  });
}

Outcome OrganisationStore::Delete(std::int64_t id, const DeleteOrganisationOptions& options) {
  return InTransaction(*db_, "deleting an organisation", [&](soci::session& s) -> Outcome {
    auto current = Fetch(s, id);
    if (!current) return OrganisationNotFound(id);
    if (options.expected_revision != 0 && current->revision != options.expected_revision)
      return Aborted("ETAG_MISMATCH", "organisation " + OrganisationName(id) + " was changed since you read it");
    const long long key = id;
    long long contacts = 0, relationships = 0;
    s << "SELECT COUNT(*) FROM contacts WHERE organisation_id = :id", soci::use(key), soci::into(contacts);
    s << "SELECT COUNT(*) FROM relationships WHERE organisation_id = :a OR related_organisation_id = :b",
        soci::use(key), soci::use(key), soci::into(relationships);
    // Projects are records in their own right: an organisation they name is never deleted with
    // them, not even with force.
    long long projects = 0;
    s << "SELECT COUNT(*) FROM projects WHERE consortium_id = :a OR id IN (SELECT project_id FROM project_partners "
         "WHERE organisation_id = :b) OR id IN (SELECT project_id FROM milestones WHERE owner_organisation_id = :c)",
        soci::use(key), soci::use(key), soci::use(key), soci::into(projects);
    if (projects > 0)
      return FailedPrecondition("ORGANISATION_IN_PROJECTS",
                                "organisation " + OrganisationName(id) + " is the consortium, a partner or a milestone "
                                "owner of " + std::to_string(projects) + " project(s); change those projects first");
    if ((contacts > 0 || relationships > 0) && !options.force)
      return FailedPrecondition("ORGANISATION_IN_USE",
                                "organisation " + OrganisationName(id) + " still has " + std::to_string(contacts) +
                                    " contact(s) and " + std::to_string(relationships) +
                                    " relationship(s); delete them first or delete with force");
    s << "DELETE FROM relationships WHERE organisation_id = :a OR related_organisation_id = :b", soci::use(key),
        soci::use(key);
    s << "DELETE FROM contacts WHERE organisation_id = :id", soci::use(key);
    s << "DELETE FROM organisations WHERE id = :id", soci::use(key);
    RecordChange(s, OrganisationName(id),
                 "deleted organisation '" + current->display_name + "' with " + std::to_string(contacts) +
                     " contact(s) and " + std::to_string(relationships) + " relationship(s)",
                 domain::ChangedFields(domain::AuditFields(*current), {}));
    return Ok{};
  });
}

domain::OdsLookup OrganisationStore::OdsLookup() {
  return [this](const std::string& ods_code) -> std::optional<std::int64_t> {
    auto found = FindByOdsCode(ods_code);
    if (!found) return std::nullopt;
    return found->id;
  };
}

}  // namespace kmhub::store
