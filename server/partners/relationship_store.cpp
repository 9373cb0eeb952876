#include "server/partners/relationship_store.h"

#include "server/partners/partner_audit.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "shared/resource_name.h"

namespace kmhub::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, organisation_id, related_organisation_id, type, start_date, end_date, description, create_micros, "
    "update_micros, revision FROM relationships";

struct Row {
  long long id = 0, organisation_id = 0, related_organisation_id = 0;
  int type = 0;
  std::string start_date, end_date, description;
  long long create_micros = 0, update_micros = 0, revision = 0;

  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, organisation_id);
    Col(st, related_organisation_id);
    Col(st, type);
    Col(st, start_date);
    Col(st, end_date);
    Col(st, description);
    Col(st, create_micros);
    Col(st, update_micros);
    Col(st, revision);
  }
  RelationshipRecord ToRecord() const {
    return {id, organisation_id, related_organisation_id, type, start_date, end_date, description, create_micros,
            update_micros, revision};
  }
};

std::vector<RelationshipRecord> FetchAll(soci::session& s, BoundQuery& q) { return FetchRecords<Row>(s, q); }

std::optional<RelationshipRecord> Fetch(soci::session& s, std::int64_t id) {
  BoundQuery q;
  q.Sql(kColumns).Sql(" WHERE id = " + q.Int(id));
  auto rows = FetchAll(s, q);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Error RelationshipNotFound(std::int64_t id) {
  return NotFound("RELATIONSHIP_NOT_FOUND", "relationship " + RelationshipName(id) + " does not exist");
}

// Both ends must exist; the error names the request field.
Outcome CheckEnds(soci::session& s, const RelationshipRecord& r) {
  for (const auto& [id, field] : {std::pair{r.organisation_id, "organisation"},
                                  std::pair{r.related_organisation_id, "related_organisation"}}) {
    long long found = 0;
    const long long key = id;
    s << "SELECT id FROM organisations WHERE id = :id", soci::use(key), soci::into(found);
    if (!s.got_data())
      return NotFound("ORGANISATION_NOT_FOUND",
                      std::string(field) + ": organisation " + OrganisationName(id) + " does not exist");
  }
  return Ok{};
}

}  // namespace

Expected<RelationshipRecord> RelationshipStore::Create(const RelationshipRecord& r, const std::string& request_id) {
  static const std::string kMethod = "CreateRelationship";
  return InTransaction(*db_, "creating a relationship", [&](soci::session& s) -> Expected<RelationshipRecord> {
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
      KMHUB_ASSIGN_OR_RETURN(const auto id, ParseRelationshipName(*earlier));
      if (auto existing = Fetch(s, id)) return *existing;
      return RelationshipNotFound(id);
    }
    KMHUB_TRY(CheckEnds(s, r));
    const long long now = NowMicros(), from = r.organisation_id, to = r.related_organisation_id;
    long long id = 0;
    s << "INSERT INTO relationships (organisation_id, related_organisation_id, type, start_date, end_date, "
         "description, create_micros, update_micros, revision) VALUES (:f, :t, :ty, :s, :e, :d, :c, :u, 1) "
         "RETURNING id",
        soci::use(from), soci::use(to), soci::use(r.type), soci::use(r.start_date), soci::use(r.end_date),
        soci::use(r.description), soci::use(now), soci::use(now), soci::into(id);
    LogRequest(s, kMethod, request_id, RelationshipName(id));
    RecordChange(s, RelationshipName(id),
                 "created relationship " + OrganisationName(r.organisation_id) + " -> " +
                     OrganisationName(r.related_organisation_id) + " from " + r.start_date,
                 domain::ChangedFields({}, domain::AuditFields(r)));
    return *Fetch(s, id);
  });
}

Expected<RelationshipRecord> RelationshipStore::Get(std::int64_t id) {
  return WithSession(*db_, "reading a relationship", [&](soci::session& s) -> Expected<RelationshipRecord> {
    if (auto found = Fetch(s, id)) return *found;
    return RelationshipNotFound(id);
  });
}

Expected<Page<RelationshipRecord>> RelationshipStore::List(const RelationshipQuery& query) {
  return WithSession(*db_, "listing relationships", [&](soci::session& s) -> Expected<Page<RelationshipRecord>> {
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE 1 = 1");
    if (query.organisation_id != 0)
      q.Sql(" AND (organisation_id = " + q.Int(query.organisation_id) + " OR related_organisation_id = " +
            q.Int(query.organisation_id) + ")");
    if (query.type != 0) q.Sql(" AND type = " + q.Int(query.type));
    if (!query.active_on.empty())
      q.Sql(" AND start_date <= " + q.Text(query.active_on) + " AND (end_date = '' OR end_date >= " +
            q.Text(query.active_on) + ")");
    AppendKeyset(q, {"id", true, false}, query.position.last_id, std::to_string(query.position.last_id),
                 query.position.page_size);
    return MakePage(FetchAll(s, q), query.position.page_size,
                    [](const RelationshipRecord& r) { return std::to_string(r.id); });
  });
}

Expected<RelationshipRecord> RelationshipStore::Update(const RelationshipRecord& r, std::int64_t expected_revision) {
  return InTransaction(*db_, "updating a relationship", [&](soci::session& s) -> Expected<RelationshipRecord> {
    const auto current = Fetch(s, r.id);
    if (!current) return RelationshipNotFound(r.id);
    const long long now = NowMicros(), id = r.id, rev = expected_revision;
    soci::statement st = (s.prepare << "UPDATE relationships SET type = :ty, start_date = :s, end_date = :e, "
                                       "description = :d, update_micros = :u, revision = revision + 1 "
                                       "WHERE id = :id AND revision = :rev",
                          soci::use(r.type), soci::use(r.start_date), soci::use(r.end_date), soci::use(r.description),
                          soci::use(now), soci::use(id), soci::use(rev));
    st.execute(true);
    if (st.get_affected_rows() != 1)
      return Aborted("ETAG_MISMATCH",
                     "relationship " + RelationshipName(r.id) + " was changed by someone else; read it again and retry");
    auto updated = *Fetch(s, r.id);
    RecordChange(s, RelationshipName(r.id), "updated relationship to revision " + std::to_string(rev + 1),
                 domain::ChangedFields(domain::AuditFields(*current), domain::AuditFields(updated)));
    return updated;
  });
}

Outcome RelationshipStore::Delete(std::int64_t id, std::int64_t expected_revision) {
  return InTransaction(*db_, "deleting a relationship", [&](soci::session& s) -> Outcome {
    auto current = Fetch(s, id);
    if (!current) return RelationshipNotFound(id);
    if (expected_revision != 0 && current->revision != expected_revision)
      return Aborted("ETAG_MISMATCH", "relationship " + RelationshipName(id) + " was changed since you read it");
    const long long key = id;
    s << "DELETE FROM relationships WHERE id = :id", soci::use(key);
    RecordChange(s, RelationshipName(id),
                 "deleted relationship " + OrganisationName(current->organisation_id) + " -> " +
                     OrganisationName(current->related_organisation_id),
                 domain::ChangedFields(domain::AuditFields(*current), {}));
    return Ok{};
  });
}

Expected<std::vector<std::pair<std::int64_t, std::int64_t>>> RelationshipStore::PairsOfType(int type) {
  using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;
  return WithSession(*db_, "reading relationships", [&](soci::session& s) -> Expected<Pairs> {
    Pairs out;
    long long organisation = 0, related = 0;
    soci::statement st = (s.prepare << "SELECT organisation_id, related_organisation_id FROM relationships WHERE "
                                       "type = :t ORDER BY id",
                          soci::use(type), soci::into(organisation), soci::into(related));
    if (st.execute(true))
      do out.emplace_back(organisation, related);
      while (st.fetch());
    return out;
  });
}

}  // namespace kmhub::store
