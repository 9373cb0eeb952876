// Fuzz target: vCard reading (the contacts import), and writing back what was read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/partners/vcard.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto cards = kmhub::domain::ParseVCards(text);
  if (!cards) return 0;
  std::vector<kmhub::store::ContactRecord> contacts;
  for (const auto& card : *cards)
    if (auto contact = kmhub::domain::ContactFromVCard(card)) contacts.push_back(contact->contact);
  const auto written = kmhub::domain::WriteVCards(contacts, [](std::int64_t) { return "Fuzz PCT"; });
  // What we write we must read back.
  if (!contacts.empty() && !kmhub::domain::ParseVCards(written)) __builtin_trap();
  return 0;
}
