#include "server/platform/db/audit_log.h"

#include <map>

#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"

namespace kmhub::store {

namespace {

thread_local ChangeAuthor* current_author = nullptr;

constexpr std::size_t kMaxSummaryLength = 2000;

struct Row {
  long long id = 0, event_micros = 0;
  std::string actor, method, resource, request_id, summary;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, event_micros);
    Col(st, actor);
    Col(st, method);
    Col(st, resource);
    Col(st, request_id);
    Col(st, summary);
  }
  AuditEventRecord ToRecord() const { return {id, event_micros, actor, method, resource, request_id, summary, {}}; }
};

struct ChangeRow {
  long long event_id = 0;
  std::string field, before, after;
  template <typename St>
  void Exchange(St& st) {
    Col(st, event_id);
    Col(st, field);
    Col(st, before);
    Col(st, after);
  }
  ChangeRow ToRecord() const { return *this; }
};

}  // namespace

ChangeAuthorScope::ChangeAuthorScope(ChangeAuthor author) : author_(std::move(author)), previous_(current_author) {
  current_author = &author_;
}

ChangeAuthorScope::~ChangeAuthorScope() { current_author = previous_; }

std::string CurrentActor() { return current_author ? current_author->actor : "system"; }

ChangeAuthor CurrentChangeAuthor() { return current_author ? *current_author : ChangeAuthor{}; }

void RecordChange(soci::session& s, const std::string& resource, const std::string& summary,
                  const std::vector<domain::FieldChange>& changes) {
  static const ChangeAuthor kSystem;
  const ChangeAuthor& author = current_author ? *current_author : kSystem;
  std::string text = summary;
  if (!author.detail.empty()) text += " (" + author.detail + ")";
  if (text.size() > kMaxSummaryLength) text.resize(kMaxSummaryLength);
  const long long now = NowMicros();
  if (changes.empty()) {
    BoundQuery q;
    q.Sql("INSERT INTO audit_events (event_micros, actor, method, resource, request_id, summary) VALUES (" +
          q.Int(now) + ", " + q.Text(author.actor) + ", " + q.Text(author.method) + ", " + q.Text(resource) + ", " +
          q.Text(author.request_id) + ", " + q.Text(text) + ")");
    ExecuteCached(s, q);
    return;
  }
  long long event_id = 0;
  s << "INSERT INTO audit_events (event_micros, actor, method, resource, request_id, summary) "
       "VALUES (:t, :a, :m, :r, :q, :s) RETURNING id",
      soci::use(now), soci::use(author.actor), soci::use(author.method), soci::use(resource),
      soci::use(author.request_id), soci::use(text), soci::into(event_id);
  int position = 0;
  for (const auto& c : changes) {
    BoundQuery q;
    q.Sql("INSERT INTO audit_field_changes (event_id, position, field, before_value, after_value) VALUES (" +
          q.Int(event_id) + ", " + q.Int(position++) + ", " + q.Text(c.field) + ", " + q.Text(c.before) + ", " +
          q.Text(c.after) + ")");
    ExecuteCached(s, q);
  }
}

Expected<Page<AuditEventRecord>> AuditStore::List(const AuditQuery& query) {
  return WithSession(*db_, "reading the audit log", [&](soci::session& s) -> Expected<Page<AuditEventRecord>> {
    BoundQuery q;
    q.Sql("SELECT id, event_micros, actor, method, resource, request_id, summary FROM audit_events WHERE 1 = 1");
    if (!query.actor.empty()) q.Sql(" AND actor = " + q.Text(query.actor));
    if (!query.method.empty()) q.Sql(" AND method = " + q.Text(query.method));
    if (!query.resource.empty())
      q.Sql(" AND (resource = " + q.Text(query.resource) + " OR (resource >= " + q.Text(query.resource + "/") +
            " AND resource < " + q.Text(PrefixUpperBound(query.resource + "/")) + "))");
    if (query.since_micros > 0) q.Sql(" AND event_micros >= " + q.Int(query.since_micros));
    if (query.until_micros > 0) q.Sql(" AND event_micros < " + q.Int(query.until_micros));
    AppendKeyset(q, {"id", true, true}, query.position.last_id, std::to_string(query.position.last_id),
                 query.position.page_size);
    auto page = MakePage(FetchRecords<Row>(s, q), query.position.page_size,
                         [](const AuditEventRecord& r) { return std::to_string(r.id); });
    // The page's field changes, in one query.
    if (!page.items.empty()) {
      std::map<std::int64_t, AuditEventRecord*> by_id;
      std::vector<std::int64_t> ids;
      for (auto& e : page.items) {
        by_id[e.id] = &e;
        ids.push_back(e.id);
      }
      BoundQuery changes;
      changes.Sql("SELECT event_id, field, before_value, after_value FROM audit_field_changes WHERE event_id IN ");
      changes.Sql(changes.IntList(ids) + " ORDER BY event_id, position");
      for (const auto& c : FetchRecords<ChangeRow>(s, changes))
        by_id.at(c.event_id)->changes.push_back({c.field, c.before, c.after});
    }
    return page;
  });
}

}  // namespace kmhub::store
