#pragma once
// Which contact of an organisation an imported card is: the rule that keeps an export, imported
// back, from making everyone twice. Pure: the store gives it the organisation's contacts.
//
// In order: the same vCard UID (or the UID kmhub's own export gave the contact,
// urn:kmhub:organisations/{org}/contacts/{id}); else a contact sharing any e-mail address
// (case-insensitively); else a contact of the same display name (case-insensitively), unless the
// two are told apart by what they carry: both have UIDs and they differ, or both have e-mail
// addresses and share none. Among several candidates the oldest (lowest id) is taken.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/partners/records.h"

namespace kmhub::domain {

class ContactMatcher {
 public:
  explicit ContactMatcher(std::int64_t organisation_id) : organisation_id_(organisation_id) {}
  // A contact of the organisation as it is stored (or has just been written by this import).
  void Add(const store::ContactRecord& contact);
  // The id of the contact `card` is, if any.
  std::optional<std::int64_t> Match(const store::ContactRecord& card) const;

 private:
  struct Known {
    std::string uid;
    std::vector<std::string> emails;  // lower-cased
  };
  bool ToldApart(const Known& known, const store::ContactRecord& card) const;

  std::int64_t organisation_id_;
  std::map<std::int64_t, Known> contacts_;
  std::map<std::string, std::int64_t> by_uid_;
  std::map<std::string, std::int64_t> by_email_;  // lower-cased address -> lowest id
  std::map<std::string, std::vector<std::int64_t>> by_name_;  // lower-cased display name -> ids, ascending
};

}  // namespace kmhub::domain
