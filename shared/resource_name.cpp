#include "shared/resource_name.h"

#include <charconv>
#include <vector>

namespace kmhub {

namespace {

// Splits "a/1/b/2" at '/'.
std::vector<std::string_view> Segments(std::string_view name) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = name.find('/', start);
    out.push_back(name.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool ParseId(std::string_view text, std::int64_t* id) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *id);
  return ec == std::errc() && ptr == text.data() + text.size() && *id > 0;
}

Error BadName(std::string_view field, std::string_view name, std::string_view pattern) {
  Violations v;
  v.Add(std::string(field), "'" + std::string(name.substr(0, 80)) + "' is not a resource name of the form " +
                                std::string(pattern));
  return v.ToError("MALFORMED_RESOURCE_NAME");
}

}  // namespace

std::string OrganisationName(std::int64_t id) { return "organisations/" + std::to_string(id); }
std::string ContactName(std::int64_t organisation_id, std::int64_t id) {
  return OrganisationName(organisation_id) + "/contacts/" + std::to_string(id);
}
std::string RelationshipName(std::int64_t id) { return "relationships/" + std::to_string(id); }

Expected<std::int64_t> ParseOrganisationName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  std::int64_t id = 0;
  if (s.size() != 2 || s[0] != "organisations" || !ParseId(s[1], &id))
    return BadName(field, name, "organisations/{id}");
  return id;
}

Expected<ContactKey> ParseContactName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  ContactKey key;
  if (s.size() != 4 || s[0] != "organisations" || s[2] != "contacts" || !ParseId(s[1], &key.organisation_id) ||
      !ParseId(s[3], &key.contact_id))
    return BadName(field, name, "organisations/{id}/contacts/{id}");
  return key;
}

Expected<std::int64_t> ParseRelationshipName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  std::int64_t id = 0;
  if (s.size() != 2 || s[0] != "relationships" || !ParseId(s[1], &id))
    return BadName(field, name, "relationships/{id}");
  return id;
}

std::string MailThreadName(std::int64_t id) { return "mailThreads/" + std::to_string(id); }

Expected<std::int64_t> ParseMailThreadName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  std::int64_t id = 0;
  if (s.size() != 2 || s[0] != "mailThreads" || !ParseId(s[1], &id)) return BadName(field, name, "mailThreads/{id}");
  return id;
}

Expected<std::int64_t> ParseMailImportName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  std::int64_t id = 0;
  if (s.size() != 2 || s[0] != "mailImports" || !ParseId(s[1], &id)) return BadName(field, name, "mailImports/{id}");
  return id;
}

std::string ProjectName(const std::string& code) { return "projects/" + code; }
std::string MilestoneName(const std::string& project_code, std::int64_t id) {
  return ProjectName(project_code) + "/milestones/" + std::to_string(id);
}
std::string StatusUpdateName(const std::string& project_code, std::int64_t id) {
  return ProjectName(project_code) + "/updates/" + std::to_string(id);
}

namespace {
// Codes as the domain allows them; checked again there, this only keeps names well-formed.
bool PlausibleCode(std::string_view code) {
  if (code.empty() || code.size() > 20) return false;
  for (char c : code)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}
}  // namespace

Expected<std::string> ParseProjectName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  if (s.size() != 2 || s[0] != "projects" || !PlausibleCode(s[1])) return BadName(field, name, "projects/{code}");
  return Upper(s[1]);
}

Expected<ProjectChildKey> ParseMilestoneName(std::string_view name, std::string_view field) {
  const auto s = Segments(name);
  ProjectChildKey key;
  if (s.size() != 4 || s[0] != "projects" || !PlausibleCode(s[1]) || s[2] != "milestones" || !ParseId(s[3], &key.id))
    return BadName(field, name, "projects/{code}/milestones/{id}");
  key.project_code = Upper(s[1]);
  return key;
}

Expected<std::int64_t> ParseOrganisationParent(std::string_view parent, std::string_view field) {
  if (parent == "organisations/-") return std::int64_t{0};
  return ParseOrganisationName(parent, field);
}

}  // namespace kmhub
