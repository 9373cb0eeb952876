#include "server/platform/rules/field_changes.h"

#include <map>

namespace kmhub::domain {

namespace {

std::string Cut(const std::string& value) {
  if (value.size() <= kMaxAuditValueLength) return value;
  std::size_t end = kMaxAuditValueLength;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;  // not mid-character
  return value.substr(0, end) + "…";
}

}  // namespace

std::vector<FieldChange> ChangedFields(const AuditFieldValues& before, const AuditFieldValues& after) {
  std::map<std::string, std::string> old_values(before.begin(), before.end());
  std::vector<FieldChange> changes;
  for (const auto& [field, value] : after) {
    const auto old = old_values.find(field);
    const std::string previous = old == old_values.end() ? "" : old->second;
    if (old != old_values.end()) old_values.erase(old);
    if (previous != value) changes.push_back({field, Cut(previous), Cut(value)});
  }
  for (const auto& [field, value] : before)
    if (old_values.count(field) && !value.empty()) changes.push_back({field, Cut(value), ""});
  return changes;
}

std::string AuditList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace kmhub::domain
