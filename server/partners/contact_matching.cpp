#include "server/partners/contact_matching.h"

#include <algorithm>
#include <cstdlib>

#include "server/platform/rules/text_rules.h"
#include "shared/resource_name.h"

namespace kmhub::domain {

namespace {

std::string Key(const std::string& text) { return AsciiLower(Trim(text)); }

void KeepLowest(std::map<std::string, std::int64_t>& index, const std::string& key, std::int64_t id) {
  if (key.empty()) return;
  auto [it, added] = index.emplace(key, id);
  if (!added) it->second = std::min(it->second, id);
}

}  // namespace

void ContactMatcher::Add(const store::ContactRecord& contact) {
  Known known{contact.vcard_uid, {}};
  for (const auto& e : contact.emails) known.emails.push_back(Key(e));
  KeepLowest(by_uid_, contact.vcard_uid, contact.id);
  for (const auto& e : known.emails) KeepLowest(by_email_, e, contact.id);
  auto& named = by_name_[Key(contact.display_name)];
  if (const auto at = std::lower_bound(named.begin(), named.end(), contact.id); at == named.end() || *at != contact.id)
    named.insert(at, contact.id);
  contacts_[contact.id] = std::move(known);
}

bool ContactMatcher::ToldApart(const Known& known, const store::ContactRecord& card) const {
  if (!known.uid.empty() && !card.vcard_uid.empty() && known.uid != card.vcard_uid) return true;
  if (known.emails.empty() || card.emails.empty()) return false;
  for (const auto& e : card.emails)
    if (std::find(known.emails.begin(), known.emails.end(), Key(e)) != known.emails.end()) return false;
  return true;
}

std::optional<std::int64_t> ContactMatcher::Match(const store::ContactRecord& card) const {
  if (!card.vcard_uid.empty()) {
    if (const auto it = by_uid_.find(card.vcard_uid); it != by_uid_.end()) return it->second;
    // An export's own UID for a contact that had none: the contact, if it is still here.
    const std::string own = "urn:kmhub:" + OrganisationName(organisation_id_) + "/contacts/";
    if (card.vcard_uid.rfind(own, 0) == 0) {
      const auto id = std::strtoll(card.vcard_uid.c_str() + own.size(), nullptr, 10);
      if (const auto it = contacts_.find(id); it != contacts_.end() && it->second.uid.empty()) return id;
    }
  }
  std::optional<std::int64_t> by_email;
  for (const auto& e : card.emails)
    if (const auto it = by_email_.find(Key(e)); it != by_email_.end())
      if (!by_email || it->second < *by_email) by_email = it->second;
  if (by_email) return by_email;
  if (const auto it = by_name_.find(Key(card.display_name)); it != by_name_.end()) {
    for (auto id : it->second)
      if (!ToldApart(contacts_.at(id), card)) return id;
  }
  return std::nullopt;
}

}  // namespace kmhub::domain
