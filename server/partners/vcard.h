#pragma once
// vCard (RFC 6350, 4.0) reading and writing for the address book. 3.0 and 2.1 cards, as
// exported by Outlook, Evolution and Android, are read too (line folding, escapes,
// QUOTED-PRINTABLE); cards are always written as 4.0.

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
  std::string formatted_name;  // FN
  std::string family_name;     // N, first component
  std::string given_name;      // N, second component
  std::string title;           // TITLE
  std::string role;            // ROLE
  std::string organisation;    // ORG, first component
  std::string note;
  std::string uid;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
};

// Malformed input is INVALID_ARGUMENT (reason MALFORMED_VCARD) whose message and field
// violation name the line.
// At most `max_cards` cards (the server passes --max-import-rows, so that any export, which
// the server pages, can be imported back in one call while it fits the message limit).
Expected<std::vector<VCard>> ParseVCards(std::string_view text, std::size_t max_cards = kMaxCardsPerImport);

// Turns a card into a contact of the address book and validates it; violations name the card.
Expected<store::ContactRecord> ContactFromVCard(const VCard& card);

// vCard 4.0 text (CRLF, folded at 75 octets). `organisation_name` gives each contact's ORG.
std::string WriteVCards(const std::vector<store::ContactRecord>& contacts,
                        const std::function<std::string(std::int64_t)>& organisation_name);

}  // namespace kmhub::domain
