#pragma once
// Rules of partner e-mail's records (README.md): a folder's fields, and who may read it.

#include "server/mail/records.h"
#include "server/platform/rules/access_policy.h"
#include "shared/error.h"

namespace kmhub::domain {

// Trims and checks a folder: a name of 1 to 200 characters, a description, reader roles that
// are roles (repeats dropped). INVALID_MAIL_FOLDER naming each field.
Outcome NormaliseMailFolder(store::MailFolderRecord& folder);

// Admins read every folder; other roles the folders that name them, or name no role at all.
bool MayReadFolder(Role role, const store::MailFolderRecord& folder);

}  // namespace kmhub::domain
