#pragma once
// Who may do what (access/README.md): roles, the permissions each one holds, and the
// organisation scope of a token. Pure rules; the API's Authorizer applies them to each call.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub::domain {

// Numerically equal to kmhub.v1.Role.
enum class Role { kViewer = 1, kEditor = 2, kAdmin = 3 };

// What a method needs. Every RPC handler names exactly one, on its first line.
enum class Permission {
  kRead,          // any record the caller's scope covers
  kWrite,         // create, change and delete records
  kImport,        // bulk imports (vCard, plans, surveys): admin only
  kManageTokens,  // create, list and revoke tokens: admin only
  kReadAudit,     // the audit log: admin only
  kModerate,      // forum categories and locking threads: admin only
};

std::string_view RoleName(Role role);
Expected<Role> ParseRole(std::string_view text);
bool IsKnownRole(int role);
bool RoleAllows(Role role, Permission permission);
std::string_view PermissionName(Permission permission);

// The authenticated caller of one RPC.
struct Principal {
  std::int64_t token_id = 0;              // 0: not a token (a client certificate, or auth off)
  std::string name;                       // shown in the audit log: "token 12 (reporting)"
  Role role = Role::kViewer;
  std::optional<std::int64_t> organisation;  // set: scoped to this organisation
};

// True when `p` may touch records of `organisation_id` (always, for an unscoped caller).
bool CoversOrganisation(const Principal& p, std::int64_t organisation_id);

// The error a scoped caller gets for anything outside its organisation. The same error is
// returned whether or not the record exists, so that scope never reveals existence.
Error OutOfScope(const Principal& p, std::string_view what);

// The token of an "authorization" header value: "Bearer <token>" (scheme case-insensitive,
// RFC 6750). Empty when the header is another scheme or malformed.
std::string_view BearerToken(std::string_view header);

}  // namespace kmhub::domain
