#pragma once
// What an audit event records of a change: each field whose value differs, before and after, as
// text. Each capability says which fields a record has for the audit (its rules' AuditFields);
// a secret (a token's hash) is never one of them.

#include <string>
#include <utility>
#include <vector>

namespace kmhub::domain {

// A record's fields for the audit, in a fixed order: (name as the API spells it, value as text).
using AuditFieldValues = std::vector<std::pair<std::string, std::string>>;

struct FieldChange {
  std::string field;
  std::string before;  // "" for a record created
  std::string after;   // "" for a record deleted
  bool operator==(const FieldChange&) const = default;
};

// The fields that differ, in `after`'s order (then any only in `before`). Either side may be
// empty: a creation lists every non-empty field of `after`, a deletion every one of `before`.
std::vector<FieldChange> ChangedFields(const AuditFieldValues& before, const AuditFieldValues& after);

// Longer values are cut to this many bytes (at a character boundary) with "…": a note or a
// vCard property should not swell the log.
inline constexpr std::size_t kMaxAuditValueLength = 500;

// A list as one value: "a; b; c".
std::string AuditList(const std::vector<std::string>& items);

}  // namespace kmhub::domain
