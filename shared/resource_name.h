#pragma once
// Resource names (README.md, "API"): "organisations/42", "organisations/42/contacts/7".

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub {

std::string OrganisationName(std::int64_t id);
std::string ContactName(std::int64_t organisation_id, std::int64_t id);
std::string RelationshipName(std::int64_t id);

struct ContactKey {
  std::int64_t organisation_id = 0;
  std::int64_t contact_id = 0;
};

// `field` names the request field in the violation when the name is malformed.
Expected<std::int64_t> ParseOrganisationName(std::string_view name, std::string_view field = "name");
Expected<ContactKey> ParseContactName(std::string_view name, std::string_view field = "name");
Expected<std::int64_t> ParseRelationshipName(std::string_view name, std::string_view field = "name");
// "mailThreads/{id}".
std::string MailThreadName(std::int64_t id);
Expected<std::int64_t> ParseMailThreadName(std::string_view name, std::string_view field = "name");
// "mailImports/{id}".
Expected<std::int64_t> ParseMailImportName(std::string_view name, std::string_view field = "name");

// Projects are named by their code: "projects/P-2009-014".
std::string ProjectName(const std::string& code);
std::string MilestoneName(const std::string& project_code, std::int64_t id);
std::string StatusUpdateName(const std::string& project_code, std::int64_t id);

struct ProjectChildKey {
  std::string project_code;
  std::int64_t id = 0;
};
Expected<std::string> ParseProjectName(std::string_view name, std::string_view field = "name");
Expected<ProjectChildKey> ParseMilestoneName(std::string_view name, std::string_view field = "name");

// "organisations/-" (all) gives 0.
Expected<std::int64_t> ParseOrganisationParent(std::string_view parent, std::string_view field = "parent");

}  // namespace kmhub
