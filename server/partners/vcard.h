#pragma once
// vCard (RFC 6350, 4.0) reading and writing for the address book. 3.0 and 2.1 cards, as
// exported by Outlook, Evolution and Android, are read too (line folding, escapes,
// QUOTED-PRINTABLE in any CHARSET, Windows-1252 text without one); cards are always written as
// 4.0. What kmhub does not model is kept as 4.0 content lines and written back.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxCardsPerImport = 5000;

struct VCard {
  int first_line = 0;  // of BEGIN:VCARD, 1-based
  std::string version;
  std::string formatted_name;  // FN (the first; others are kept in other_properties)
  std::string family_name;     // N: family; given; additional; prefixes; suffixes
  std::string given_name;
  std::string additional_names;
  std::string name_prefix;
  std::string name_suffix;
  std::string title;         // TITLE
  std::string role;          // ROLE
  std::string organisation;  // ORG, first component
  std::string note;
  std::string uid;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  // Everything else the card says, as vCard 4.0 content lines (see WriteOtherProperty).
  std::vector<std::string> other_properties;
  // What was read but not kept (pictures, keys, an unknown character set), for the importer.
  std::vector<std::string> left_out;
};

// Malformed input is INVALID_ARGUMENT (reason MALFORMED_VCARD) whose message and field
// violation name the line.
// At most `max_cards` cards (the server passes --max-import-rows, so that any export, which
// the server pages, can be imported back in one call while it fits the message limit).
Expected<std::vector<VCard>> ParseVCards(std::string_view text, std::size_t max_cards = kMaxCardsPerImport);

// Something left out of an imported card: `field` names the card ("card at line 12: emails[1]").
struct CardWarning {
  std::string field;
  std::string description;
};

struct CardContact {
  store::ContactRecord contact;
  std::vector<CardWarning> warnings;
};

// Turns a card into a contact of the address book. Values the contact cannot hold are left out
// and reported (an e-mail that is not an address, a number listed twice, more than 20 of them);
// a card that is no contact at all (no name, a name too long) is INVALID_ARGUMENT
// INVALID_VCARD_CONTACT whose violations name the card.
Expected<CardContact> ContactFromVCard(const VCard& card);

// vCard 4.0 text (CRLF, folded at 75 octets). `organisation_name` gives each contact's ORG.
// Every card has a UID: its own, else urn:kmhub:organisations/{org}/contacts/{id}.
std::string WriteVCards(const std::vector<store::ContactRecord>& contacts,
                        const std::function<std::string(std::int64_t)>& organisation_name);

// The UID an export gives a contact without one of its own.
std::string KmhubContactUid(std::int64_t organisation_id, std::int64_t contact_id);

}  // namespace kmhub::domain
