#include "server/access/token_store.h"

#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/session.h"

namespace kmhub::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, display_name, role, organisation_id, token_hash, created_by, create_micros, expire_micros, "
    "revoke_micros FROM api_tokens";

struct Row {
  long long id = 0;
  std::string display_name;
  int role = 0;
  long long organisation_id = 0;
  soci::indicator organisation_ind = soci::i_null;
  std::string token_hash, created_by;
  long long create_micros = 0, expire_micros = 0, revoke_micros = 0;

  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, display_name);
    Col(st, role);
    Col(st, organisation_id, organisation_ind);
    Col(st, token_hash);
    Col(st, created_by);
    Col(st, create_micros);
    Col(st, expire_micros);
    Col(st, revoke_micros);
  }
  TokenRecord ToRecord() const {
    return {id,         display_name,  role,          organisation_ind == soci::i_ok ? organisation_id : 0,
            token_hash, created_by,    create_micros, expire_micros,
            revoke_micros};
  }
};

std::optional<TokenRecord> FetchWhere(soci::session& s, const std::string& column, long long id,
                                      const std::string& text) {
  BoundQuery q;
  q.Sql(kColumns).Sql(" WHERE " + column + " = " + (column == "id" ? q.Int(id) : q.Text(text)));
  auto rows = FetchRecords<Row>(s, q);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

Error TokenNotFound(std::int64_t id) {
  return NotFound("TOKEN_NOT_FOUND", "token tokens/" + std::to_string(id) + " does not exist");
}

std::string TokenResource(std::int64_t id) { return "tokens/" + std::to_string(id); }

}  // namespace

Expected<TokenRecord> TokenStore::Create(const TokenRecord& t) {
  return InTransaction(*db_, "creating a token", [&](soci::session& s) -> Expected<TokenRecord> {
    const long long now = NowMicros(), expire = t.expire_micros, org = t.organisation_id;
    soci::indicator org_ind = t.organisation_id == 0 ? soci::i_null : soci::i_ok;
    long long id = 0;
    s << "INSERT INTO api_tokens (display_name, role, organisation_id, token_hash, created_by, create_micros, "
         "expire_micros, revoke_micros) VALUES (:n, :r, :o, :h, :b, :c, :e, 0) RETURNING id",
        soci::use(t.display_name), soci::use(t.role), soci::use(org, org_ind), soci::use(t.token_hash),
        soci::use(t.created_by), soci::use(now), soci::use(expire), soci::into(id);
    RecordChange(s, TokenResource(id), "created token '" + t.display_name + "'");
    return *FetchWhere(s, "id", id, "");
  });
}

Expected<TokenRecord> TokenStore::Get(std::int64_t id) {
  return WithSession(*db_, "reading a token", [&](soci::session& s) -> Expected<TokenRecord> {
    if (auto found = FetchWhere(s, "id", id, "")) return *found;
    return TokenNotFound(id);
  });
}

Expected<TokenRecord> TokenStore::FindByHash(const std::string& token_hash) {
  return WithSession(*db_, "checking a token", [&](soci::session& s) -> Expected<TokenRecord> {
    if (auto found = FetchWhere(s, "token_hash", 0, token_hash)) return *found;
    return NotFound("TOKEN_NOT_FOUND", "no such token");
  });
}

Expected<Page<TokenRecord>> TokenStore::List(const PagePosition& position, bool include_inactive) {
  return WithSession(*db_, "listing tokens", [&](soci::session& s) -> Expected<Page<TokenRecord>> {
    BoundQuery q;
    q.Sql(kColumns).Sql(" WHERE 1 = 1");
    if (!include_inactive)
      q.Sql(" AND revoke_micros = 0 AND (expire_micros = 0 OR expire_micros > " + q.Int(NowMicros()) + ")");
    AppendKeyset(q, {"id", true, false}, position.last_id, std::to_string(position.last_id), position.page_size);
    return MakePage(FetchRecords<Row>(s, q), position.page_size,
                    [](const TokenRecord& r) { return std::to_string(r.id); });
  });
}

Expected<TokenRecord> TokenStore::Revoke(std::int64_t id) {
  return InTransaction(*db_, "revoking a token", [&](soci::session& s) -> Expected<TokenRecord> {
    auto current = FetchWhere(s, "id", id, "");
    if (!current) return TokenNotFound(id);
    if (current->revoke_micros != 0) return *current;
    const long long now = NowMicros(), key = id;
    s << "UPDATE api_tokens SET revoke_micros = :t WHERE id = :id", soci::use(now), soci::use(key);
    RecordChange(s, TokenResource(id), "revoked token '" + current->display_name + "'");
    return *FetchWhere(s, "id", id, "");
  });
}

}  // namespace kmhub::store
