#include "server/partners/vcard.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "server/partners/contact_rules.h"

using namespace kmhub;
using namespace kmhub::domain;

namespace {
std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(KMHUB_FIXTURES_DIR) + "/vcard/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
}  // namespace

TEST_CASE("the RFC 6350 example card is read with its folded lines and tel: URIs") {
  const auto cards = ParseVCards(Fixture("ezvcard-rfc6350-example.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 1);
  const auto& card = cards->front();
  CHECK(card.version == "4.0");
  CHECK(card.formatted_name == "Simon Perreault");
  CHECK(card.family_name == "Perreault");
  CHECK(card.given_name == "Simon");
  CHECK(card.organisation == "Viagenie");
  CHECK(card.emails == std::vector<std::string>{"simon.perreault@viagenie.ca"});
  CHECK(card.phones == std::vector<std::string>{"+1-418-656-9254 ext 102", "+1-418-262-6501"});
  const auto contact = ContactFromVCard(card);
  REQUIRE(contact);
  CHECK(contact->display_name == "Simon Perreault");
}

TEST_CASE("two vCard 3.0 cards in one file, mixed-case BEGIN, folded ADR") {
  const auto cards = ParseVCards(Fixture("ezvcard-rfc2426-example.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 2);
  CHECK((*cards)[0].formatted_name == "Frank Dawson");
  CHECK((*cards)[0].emails.size() == 2);
  CHECK((*cards)[1].formatted_name == "Tim Howes");
  CHECK((*cards)[1].first_line > (*cards)[0].first_line);
}

TEST_CASE("UTF-8 names and alternative-language forms keep the first form") {
  const auto cards = ParseVCards(Fixture("vobject-vcard40_multilang.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 1);
  CHECK(cards->front().formatted_name == "Yamada Taro");
  CHECK(cards->front().uid == "urn:uuid:multilang-vcard-example");
}

TEST_CASE("vCard 2.1 quoted-printable values are decoded") {
  const auto cards = ParseVCards(Fixture("ezvcard-John_Doe_ANDROID.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 6);
  CHECK((*cards)[2].formatted_name == "\xC3\x91 \xC3\x91 \xC3\x91 \xC3\x91 \xC3\x91 ");
  // A card with only an e-mail address is named after it.
  const auto first = ContactFromVCard((*cards)[0]);
  REQUIRE(first);
  CHECK(first->display_name == "john.doe@company.com");
}

TEST_CASE("a malformed vCard names the line") {
  const std::string text =
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Smith\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:4.0\r\nthis line has no colon\r\nEND:VCARD\r\n";
  const auto cards = ParseVCards(text);
  REQUIRE_FALSE(cards);
  CHECK(cards.error().code == ErrorCode::kInvalidArgument);
  CHECK(cards.error().reason == "MALFORMED_VCARD");
  CHECK(cards.error().message.find("line 7") != std::string::npos);
  CHECK(cards.error().violations.at(0).field == "vcard_data");
}

TEST_CASE("unterminated cards, nested cards and missing versions are malformed") {
  CHECK(ParseVCards("BEGIN:VCARD\nVERSION:4.0\nFN:A\n").error().message.find("line 1") != std::string::npos);
  CHECK(ParseVCards("BEGIN:VCARD\nVERSION:4.0\nBEGIN:VCARD\n").error().message.find("line 3") != std::string::npos);
  CHECK(ParseVCards("BEGIN:VCARD\nFN:A\nEND:VCARD\n").error().message.find("no VERSION") != std::string::npos);
  CHECK(ParseVCards("FN:A\n").error().message.find("outside") != std::string::npos);
  CHECK(ParseVCards("").error().reason == "MALFORMED_VCARD");
  CHECK(ParseVCards("BEGIN:VCARD\nVERSION:5.0\nEND:VCARD\n").error().message.find("VERSION 5.0") != std::string::npos);
}

TEST_CASE("a card with an invalid e-mail is rejected naming the card's line") {
  const auto cards = ParseVCards("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:B\nEMAIL:not-an-address\nEND:VCARD\n");
  REQUIRE(cards);
  CHECK(ContactFromVCard((*cards)[0]));
  const auto bad = ContactFromVCard((*cards)[1]);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reason == "INVALID_VCARD_CONTACT");
  CHECK(bad.error().violations.at(0).field == "card at line 5: emails[0]");
}

TEST_CASE("written vCards are 4.0, escaped, folded at 75 octets, and read back the same") {
  store::ContactRecord c;
  c.id = 7;
  c.organisation_id = 3;
  c.display_name = "Richter, James; Jr";
  c.given_name = "James";
  c.family_name = "Richter";
  c.job_title = std::string(90, 'x') + " ñ";
  c.clinical_role = 2;
  c.emails = {"james.richter@nhs.net", "j.r@nhs.net"};
  c.phones = {"01632 960101"};
  c.note = "line one\nline two";
  const auto text = WriteVCards({c}, [](std::int64_t) { return "Riverside PCT"; });
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 76);  // 75 + '\r'
  CHECK(text.find("VERSION:4.0\r\n") != std::string::npos);
  CHECK(text.find("FN:Richter\\, James\\; Jr\r\n") != std::string::npos);
  CHECK(text.find("ROLE:PEC chair") != std::string::npos);

  const auto cards = ParseVCards(text);
  REQUIRE(cards);
  REQUIRE(cards->size() == 1);
  const auto back = ContactFromVCard(cards->front());
  REQUIRE(back);
  CHECK(back->display_name == c.display_name);
  CHECK(back->job_title == c.job_title);
  CHECK(back->clinical_role == 2);
  CHECK(back->emails == c.emails);
  CHECK(back->note == c.note);
  CHECK(back->vcard_uid == "urn:kmhub:organisations/3/contacts/7");
}

TEST_CASE("clinical role labels read back as roles, loosely spelled") {
  CHECK(ParseClinicalRoleLabel("GP") == std::optional<int>(1));
  CHECK(ParseClinicalRoleLabel("general practitioner") == std::optional<int>(1));
  CHECK(ParseClinicalRoleLabel("pec CHAIR") == std::optional<int>(2));
  CHECK(ParseClinicalRoleLabel("") == std::optional<int>(0));
  CHECK_FALSE(ParseClinicalRoleLabel("astronaut"));
}
