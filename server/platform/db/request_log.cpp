#include "server/platform/db/request_log.h"

#include "server/platform/db/bound_query.h"
#include "server/platform/db/session.h"

namespace kmhub::store {

std::optional<std::string> FindLoggedRequest(soci::session& s, const std::string& method, const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  BoundQuery q;
  q.Sql("SELECT resource_name FROM request_log WHERE method = " + q.Text(method) + " AND request_id = " +
        q.Text(request_id));
  std::optional<std::string> name;
  RunCached<std::string>(
      s, q, [](std::string& v, auto& st) { Col(st, v); }, [&](const std::string& v) { name = v; });
  return name;
}

void LogRequest(soci::session& s, const std::string& method, const std::string& request_id,
                const std::string& resource_name) {
  if (request_id.empty()) return;
  BoundQuery q;
  q.Sql("INSERT INTO request_log (method, request_id, resource_name, create_micros) VALUES (" + q.Text(method) + ", " +
        q.Text(request_id) + ", " + q.Text(resource_name) + ", " + q.Int(NowMicros()) + ")");
  ExecuteCached(s, q);
}

}  // namespace kmhub::store
