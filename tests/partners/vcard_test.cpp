#include "server/partners/vcard.h"

#include <catch2/catch.hpp>

#include <algorithm>
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
  CHECK(contact->contact.display_name == "Simon Perreault");
  CHECK(contact->contact.name_suffix == "ing. jr,M.Sc.");
  // What kmhub does not model is kept as 4.0 content lines, in the card's order.
  CHECK(contact->contact.other_vcard_properties ==
        std::vector<std::string>{"BDAY:--0203", "ANNIVERSARY:20090808T1430-0500", "GENDER:M", "LANG;PREF=1:fr",
                                 "LANG;PREF=2:en", "ADR;TYPE=work:;Suite D2-630;2875 Laurier;Quebec;QC;G1V 2M2;Canada",
                                 "GEO;TYPE=work:geo:46.772673,-71.282945",
                                 "KEY;TYPE=work;VALUE=uri:http://www.viagenie.ca/simon.perreault/simon.asc", "TZ:-0500",
                                 "URL;TYPE=home:http://nomis80.org"});
  CHECK(contact->warnings.empty());
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

TEST_CASE("UTF-8 names: the first form is the contact's name, the other language's forms are kept") {
  const auto cards = ParseVCards(Fixture("vobject-vcard40_multilang.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 1);
  CHECK(cards->front().formatted_name == "Yamada Taro");
  CHECK(cards->front().uid == "urn:uuid:multilang-vcard-example");
  CHECK(cards->front().other_properties ==
        std::vector<std::string>{"FN;ALTID=1;LANGUAGE=ja:\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E",
                                 "N;ALTID=1;LANGUAGE=ja;SORT-AS=\"yamada,taro\":\xE5\xB1\xB1\xE7\x94\xB0;\xE5\xA4\xAA\xE9\x83\x8E;;;"});
}

TEST_CASE("the Android export: quoted-printable UTF-8 decoded, bad and repeated values left out and said, all six cards in") {
  const auto cards = ParseVCards(Fixture("ezvcard-John_Doe_ANDROID.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 6);
  CHECK((*cards)[2].formatted_name == "\xC3\x91 \xC3\x91 \xC3\x91 \xC3\x91 \xC3\x91 ");
  // A card with only an e-mail address is named after it.
  const auto first = ContactFromVCard((*cards)[0]);
  REQUIRE(first);
  CHECK(first->contact.display_name == "john.doe@company.com");
  CHECK(first->contact.other_vcard_properties == std::vector<std::string>{"CATEGORIES:My Contacts"});
  for (const auto& card : *cards) {
    INFO("card at line " << card.first_line);
    CHECK(ContactFromVCard(card));
  }
  // Card 5 (line 36): "123456" three times (cell, work, work fax) and an e-mail of 14 Ñ.
  const auto fifth = ContactFromVCard((*cards)[4]);
  REQUIRE(fifth);
  CHECK((*cards)[4].first_line == 36);
  CHECK(fifth->contact.given_name == "\xC3\x91 \xC3\x91 \xC3\x91");  // trimmed
  CHECK(fifth->contact.phones == std::vector<std::string>{"123456"});
  CHECK(fifth->contact.emails == std::vector<std::string>{"bob@company.com"});
  std::vector<std::string> said;
  for (const auto& w : fifth->warnings) said.push_back(w.field + ": " + w.description);
  REQUIRE(said.size() == 4);
  CHECK(said[0].rfind("card at line 36: emails[1]: '\xC3\x91\xC3\x91", 0) == 0);
  CHECK(said[0].find("is not an e-mail address; left out") != std::string::npos);
  CHECK(said[1] == "card at line 36: phones[1]: '123456' is listed twice; kept once");
  CHECK(said[2] == "card at line 36: phones[2]: '123456' is listed twice; kept once");
  CHECK(said[3] == "card at line 36: left out: PHOTO: kmhub keeps no pictures, sounds or keys");
}

TEST_CASE("the Outlook 2003 export: a multi-line note and address are content, its key and free/busy line are not kept") {
  const auto cards = ParseVCards(Fixture("ezvcard-outlook-2003.vcf"));
  REQUIRE(cards);
  REQUIRE(cards->size() == 1);
  const auto read = ContactFromVCard(cards->front());
  INFO((read ? "" : read.error().message));
  REQUIRE(read);
  const auto& c = read->contact;
  CHECK(c.display_name == "John Doe III");
  CHECK(c.name_prefix == "Mr.");
  CHECK(c.name_suffix == "III");
  CHECK(c.note == "This is the note field!!\nSecond line\n\nThird line is empty");
  CHECK(c.emails == std::vector<std::string>{"jdoe@hotmail.com"});
  CHECK(std::find(c.other_vcard_properties.begin(), c.other_vcard_properties.end(),
                  "LABEL;TYPE=WORK:TheOffice\\n123 Main St\\nAustin, TX 12345\\nUnited States of America") !=
        c.other_vcard_properties.end());
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

TEST_CASE("a card that is no contact is rejected naming the card's line, a bad e-mail only left out") {
  const auto cards = ParseVCards("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEMAIL:not-an-address\nEND:VCARD\n"
                                 "BEGIN:VCARD\nVERSION:4.0\nNOTE:no name at all\nEND:VCARD\n");
  REQUIRE(cards);
  const auto kept = ContactFromVCard((*cards)[0]);
  REQUIRE(kept);
  CHECK(kept->contact.emails.empty());
  REQUIRE(kept->warnings.size() == 1);
  CHECK(kept->warnings[0].field == "card at line 1: emails[0]");
  const auto bad = ContactFromVCard((*cards)[1]);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reason == "INVALID_VCARD_CONTACT");
  CHECK(bad.error().violations.at(0).field == "card at line 6: display_name");
}

TEST_CASE("a card in Windows-1252 or another declared charset reads as UTF-8") {
  // Outlook writes its code page without saying so; 2.1 cards may name theirs.
  const auto cards = ParseVCards("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ren\xE9" "e M\xFCller\r\nEND:VCARD\r\n"
                                 "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Zo=EB =A3\r\n"
                                 "END:VCARD\r\n"
                                 "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\nNOTE;CHARSET=X-NO-SUCH:x\r\nEND:VCARD\r\n");
  REQUIRE(cards);
  CHECK((*cards)[0].formatted_name == "Ren\xC3\xA9" "e M\xC3\xBCller");
  CHECK((*cards)[1].formatted_name == "Zo\xC3\xAB \xC2\xA3");
  CHECK((*cards)[2].note.empty());
  CHECK((*cards)[2].left_out == std::vector<std::string>{"NOTE: CHARSET=X-NO-SUCH is not a character set kmhub can read"});
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
  CHECK(back->contact.display_name == c.display_name);
  CHECK(back->contact.job_title == c.job_title);
  CHECK(back->contact.clinical_role == 2);
  CHECK(back->contact.emails == c.emails);
  CHECK(back->contact.note == c.note);
  CHECK(back->contact.vcard_uid == "urn:kmhub:organisations/3/contacts/7");
}

TEST_CASE("every part of the name and every other property comes back from an export") {
  const auto cards = ParseVCards("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:John Doe\r\nN:Doe;John;Richter\\, James;Mr.;Sr.\r\n"
                                 "FN;ALTID=1;LANGUAGE=fr:Jean Doe\r\nADR;TYPE=work:;;1 Mill Road;Cambridge;;CB1 2AB;UK\r\n"
                                 "NOTE:first\r\nNOTE:second\\nwith a line\r\nEND:VCARD\r\n");
  REQUIRE(cards);
  auto first = ContactFromVCard(cards->front());
  REQUIRE(first);
  CHECK(first->contact.additional_names == "Richter, James");
  CHECK(first->contact.name_prefix == "Mr.");
  CHECK(first->contact.name_suffix == "Sr.");
  first->contact.id = 9;
  first->contact.organisation_id = 2;
  const auto text = WriteVCards({first->contact}, [](std::int64_t) { return "Riverside PCT"; });
  CHECK(text.find("N:Doe;John;Richter\\, James;Mr.;Sr.\r\n") != std::string::npos);
  const auto again = ParseVCards(text);
  REQUIRE(again);
  const auto second = ContactFromVCard(again->front());
  REQUIRE(second);
  const auto& a = first->contact;
  const auto& b = second->contact;
  CHECK(b.display_name == a.display_name);
  CHECK(b.family_name == a.family_name);
  CHECK(b.given_name == a.given_name);
  CHECK(b.additional_names == a.additional_names);
  CHECK(b.name_prefix == a.name_prefix);
  CHECK(b.name_suffix == a.name_suffix);
  CHECK(b.note == a.note);
  CHECK(b.other_vcard_properties == a.other_vcard_properties);
  CHECK(a.other_vcard_properties == std::vector<std::string>{"FN;ALTID=1;LANGUAGE=fr:Jean Doe",
                                                             "ADR;TYPE=work:;;1 Mill Road;Cambridge;;CB1 2AB;UK",
                                                             "NOTE:second\\nwith a line"});
}

TEST_CASE("clinical role labels read back as roles, loosely spelled") {
  CHECK(ParseClinicalRoleLabel("GP") == std::optional<int>(1));
  CHECK(ParseClinicalRoleLabel("general practitioner") == std::optional<int>(1));
  CHECK(ParseClinicalRoleLabel("pec CHAIR") == std::optional<int>(2));
  CHECK(ParseClinicalRoleLabel("") == std::optional<int>(0));
  CHECK_FALSE(ParseClinicalRoleLabel("astronaut"));
}

TEST_CASE("a property whose name or parameters would not read back is left out and said, so an export always reads back") {
  // Found by the fuzzer: a damaged line whose "name" ended in a quote (X-A="b.c" read as group
  // X-A="B and name C") made the export unreadable.
  const auto cards = ParseVCards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
                                 "X-A=\"b.c\":one\r\nX-OK;TYPE=\"work,voice\":two\r\nX-BAD;TYPE=wo\"r\"k:three\r\nEND:VCARD\r\n");
  REQUIRE(cards);
  const auto read = ContactFromVCard(cards->front());
  REQUIRE(read);
  CHECK(read->contact.other_vcard_properties == std::vector<std::string>{"X-OK;TYPE=\"work,voice\":two"});
  REQUIRE(read->warnings.size() == 2);
  CHECK(read->warnings[0].description == "C\": not a property name and parameters vCard allows; not kept");
  CHECK(read->warnings[1].description == "X-BAD: not a property name and parameters vCard allows; not kept");
  const auto text = WriteVCards({read->contact}, [](std::int64_t) { return "Riverside PCT"; });
  CHECK(ParseVCards(text));
}
