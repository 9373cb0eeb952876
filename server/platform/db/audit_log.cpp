#include "server/platform/db/audit_log.h"

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
  AuditEventRecord ToRecord() const { return {id, event_micros, actor, method, resource, request_id, summary}; }
};

}  // namespace

ChangeAuthorScope::ChangeAuthorScope(ChangeAuthor author) : author_(std::move(author)), previous_(current_author) {
  current_author = &author_;
}

ChangeAuthorScope::~ChangeAuthorScope() { current_author = previous_; }

std::string CurrentActor() { return current_author ? current_author->actor : "system"; }

ChangeAuthor CurrentChangeAuthor() { return current_author ? *current_author : ChangeAuthor{}; }

void RecordChange(soci::session& s, const std::string& resource, const std::string& summary) {
  static const ChangeAuthor kSystem;
  const ChangeAuthor& author = current_author ? *current_author : kSystem;
  std::string text = summary;
  if (!author.detail.empty()) text += " (" + author.detail + ")";
  if (text.size() > kMaxSummaryLength) text.resize(kMaxSummaryLength);
  const long long now = NowMicros();
  BoundQuery q;
  q.Sql("INSERT INTO audit_events (event_micros, actor, method, resource, request_id, summary) VALUES (" + q.Int(now) +
        ", " + q.Text(author.actor) + ", " + q.Text(author.method) + ", " + q.Text(resource) + ", " +
        q.Text(author.request_id) + ", " + q.Text(text) + ")");
  ExecuteCached(s, q);
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
    return MakePage(FetchRecords<Row>(s, q), query.position.page_size,
                    [](const AuditEventRecord& r) { return std::to_string(r.id); });
  });
}

}  // namespace kmhub::store
