#include "server/store/request_log.h"

#include "server/store/session.h"

namespace kmhub::store {

std::optional<std::string> FindLoggedRequest(soci::session& s, const std::string& method, const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  std::string name;
  s << "SELECT resource_name FROM request_log WHERE method = :m AND request_id = :r", soci::use(method),
      soci::use(request_id), soci::into(name);
  if (!s.got_data()) return std::nullopt;
  return name;
}

void LogRequest(soci::session& s, const std::string& method, const std::string& request_id,
                const std::string& resource_name) {
  if (request_id.empty()) return;
  const long long now = NowMicros();
  s << "INSERT INTO request_log (method, request_id, resource_name, create_micros) VALUES (:m, :r, :n, :t)",
      soci::use(method), soci::use(request_id), soci::use(resource_name), soci::use(now);
}

}  // namespace kmhub::store
