#include "server/mail/mail_rules.h"

#include <algorithm>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

Outcome NormaliseMailFolder(store::MailFolderRecord& folder) {
  folder.name = Trim(folder.name);
  folder.description = Trim(folder.description);
  Violations v;
  CheckText(v, "folder.display_name", folder.name, 1, kMaxNameLength);
  CheckText(v, "folder.description", folder.description, 0, kMaxTextLength);
  std::vector<int> roles;
  for (std::size_t i = 0; i < folder.roles.size(); ++i) {
    const int role = folder.roles[i];
    if (role < static_cast<int>(Role::kViewer) || role > static_cast<int>(Role::kAdmin))
      v.Add("folder.reader_roles[" + std::to_string(i) + "]", "not a role: ROLE_VIEWER, ROLE_EDITOR or ROLE_ADMIN");
    else if (std::find(roles.begin(), roles.end(), role) == roles.end())
      roles.push_back(role);
  }
  if (!v.empty()) return v.ToError("INVALID_MAIL_FOLDER");
  folder.roles = std::move(roles);
  return Ok{};
}

bool MayReadFolder(Role role, const store::MailFolderRecord& folder) {
  if (role == Role::kAdmin || folder.roles.empty()) return true;
  return std::find(folder.roles.begin(), folder.roles.end(), static_cast<int>(role)) != folder.roles.end();
}

}  // namespace kmhub::domain
