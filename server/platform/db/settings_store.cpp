#include "server/platform/db/settings_store.h"

#include "server/platform/db/session.h"

namespace kmhub::store {

Expected<std::optional<std::string>> SettingsStore::Get(const std::string& key) {
  return WithSession(*db_, "reading a setting", [&](soci::session& s) -> Expected<std::optional<std::string>> {
    std::string value;
    s << "SELECT value FROM settings WHERE key = :k", soci::use(key), soci::into(value);
    if (!s.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(value);
  });
}

Outcome SettingsStore::Put(const std::string& key, const std::string& value) {
  return InTransaction(*db_, "writing a setting", [&](soci::session& s) -> Outcome {
    s << "DELETE FROM settings WHERE key = :k", soci::use(key);
    s << "INSERT INTO settings (key, value) VALUES (:k, :v)", soci::use(key), soci::use(value);
    return Ok{};
  });
}

}  // namespace kmhub::store
