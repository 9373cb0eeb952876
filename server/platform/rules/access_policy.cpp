#include "server/platform/rules/access_policy.h"

#include <cctype>

#include "shared/resource_name.h"

namespace kmhub::domain {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

Expected<Role> ParseRole(std::string_view text) {
  for (Role r : {Role::kViewer, Role::kEditor, Role::kAdmin})
    if (text == RoleName(r)) return r;
  return InvalidArgument("UNKNOWN_ROLE", "'" + std::string(text.substr(0, 40)) +
                                             "' is not a role: use admin, editor or viewer",
                         {{"role", "must be admin, editor or viewer"}});
}

bool IsKnownRole(int role) { return role >= static_cast<int>(Role::kViewer) && role <= static_cast<int>(Role::kAdmin); }

bool RoleAllows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kRead: return true;
    case Permission::kWrite: return role == Role::kEditor || role == Role::kAdmin;
    case Permission::kImport:
    case Permission::kManageTokens:
    case Permission::kReadAudit:
    case Permission::kModerate: return role == Role::kAdmin;
  }
  return false;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kRead: return "read";
    case Permission::kWrite: return "write";
    case Permission::kImport: return "import";
    case Permission::kManageTokens: return "manage tokens";
    case Permission::kReadAudit: return "read the audit log";
    case Permission::kModerate: return "moderate the forums";
  }
  return "unknown";
}

bool CoversOrganisation(const Principal& p, std::int64_t organisation_id) {
  return !p.organisation || *p.organisation == organisation_id;
}

Error OutOfScope(const Principal& p, std::string_view what) {
  return PermissionDenied("OUT_OF_SCOPE", p.name + " is scoped to " + OrganisationName(p.organisation.value_or(0)) +
                                              " and may not reach " + std::string(what));
}

std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  return header.substr(kScheme.size());
}

}  // namespace kmhub::domain
