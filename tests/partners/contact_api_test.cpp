#include "server/partners/contact_api.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include <google/protobuf/util/message_differencer.h>

#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(KMHUB_FIXTURES_DIR) + "/vcard/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string MakeOrganisation(TestServer& server, const std::string& name) {
  kmhub::v1::CreateOrganisationRequest request;
  request.mutable_organisation()->set_display_name(name);
  request.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  kmhub::v1::Organisation out;
  REQUIRE(server.client().CreateOrganisation(request, &out).ok());
  return out.name();
}
}  // namespace

TEST_CASE("API: contacts are validated field by field") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto org = MakeOrganisation(server, "Mill Road Surgery");
  kmhub::v1::CreateContactRequest request;
  request.set_parent(org);
  request.mutable_contact()->set_given_name("Elizabeth");
  request.mutable_contact()->set_family_name("Carter");
  request.mutable_contact()->add_emails("elizabeth.carter@millroad");
  request.mutable_contact()->set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(77));
  kmhub::v1::Contact out;
  const auto status = server.client().CreateContact(request, &out);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields ==
        std::vector<std::string>{"contact.clinical_role", "contact.emails[0]"});

  request.mutable_contact()->set_emails(0, "elizabeth.carter@millroad.nhs.uk");
  request.mutable_contact()->set_clinical_role(kmhub::v1::CLINICAL_ROLE_GP);
  REQUIRE(server.client().CreateContact(request, &out).ok());
  CHECK(out.display_name() == "Elizabeth Carter");  // derived from given and family names
  CHECK(out.name().rfind(org + "/contacts/", 0) == 0);

  request.set_parent("organisations/987654");
  CHECK(server.client().CreateContact(request, &out).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a vCard import is all or nothing and a re-import updates instead of duplicating") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto org = MakeOrganisation(server, "Lotus");

  kmhub::v1::ImportContactsRequest request;
  request.set_parent(org);
  request.set_vcard_data(Fixture("ezvcard-rfc2426-example.vcf"));
  kmhub::v1::ImportContactsResponse response;
  REQUIRE(server.client().ImportContacts(request, &response).ok());
  CHECK(response.summary().rows_read() == 2);
  CHECK(response.summary().created() == 2);
  REQUIRE(response.contacts_size() == 2);
  CHECK(response.contacts(0).display_name() == "Frank Dawson");
  CHECK(response.contacts(0).emails_size() == 2);

  REQUIRE(server.client().ImportContacts(request, &response).ok());
  CHECK(response.summary().created() == 0);
  CHECK(response.summary().updated() == 2);
  CHECK(server.database().CountRows("contacts") == 2);

  // A third card that is broken: nothing of the file is imported.
  request.set_vcard_data(Fixture("ezvcard-rfc2426-example.vcf") +
                         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New Person\r\nEMAIL:new.person@lotus.com\r\nBROKEN LINE\r\nEND:VCARD\r\n");
  const auto status = server.client().ImportContacts(request, &response);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "MALFORMED_VCARD");
  CHECK(status.error_message().find("line 27") != std::string::npos);  // 22 fixture lines + 5
  CHECK(server.database().CountRows("contacts") == 2);

  // A well-formed card that is no contact (no name) is refused the same way.
  request.set_vcard_data("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEMAIL:a@b.nhs.uk\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nNOTE:who?\nEND:VCARD\n");
  const auto invalid = server.client().ImportContacts(request, &response);
  CHECK(invalid.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(invalid).reason == "INVALID_VCARD_CONTACT");
  CHECK(DetailsOf(invalid).violation_fields == std::vector<std::string>{"card at line 6: display_name"});
  CHECK(server.database().CountRows("contacts") == 2);

  // With skip_invalid the good card goes in and the other is reported; an e-mail that is not one
  // is left out of its card, which is imported, and said in the warnings.
  request.set_vcard_data("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEMAIL:a@b.nhs.uk\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nNOTE:who?\nEND:VCARD\n"
                         "BEGIN:VCARD\nVERSION:4.0\nFN:B\nEMAIL:nope\nEMAIL:b@b.nhs.uk\nEND:VCARD\n");
  request.set_skip_invalid(true);
  REQUIRE(server.client().ImportContacts(request, &response).ok());
  CHECK(response.summary().rows_read() == 3);
  CHECK(response.summary().created() == 2);
  REQUIRE(response.skipped_size() == 1);
  CHECK(response.skipped(0).field() == "card at line 6");
  CHECK(response.skipped(0).description() == "display_name: must not be empty");
  REQUIRE(response.warnings_size() == 1);
  CHECK(response.warnings(0).field() == "card at line 10: emails[0]");
  CHECK(response.warnings(0).description() == "'nope' is not an e-mail address; left out");
  REQUIRE(response.contacts_size() == 2);
  CHECK(response.contacts(1).emails_size() == 1);
  CHECK(server.database().CountRows("contacts") == 4);
}

TEST_CASE("API: a card finds its contact by UID, else any e-mail, else the name, and people told apart stay apart") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto org = MakeOrganisation(server, "Riverside PCT");
  auto import = [&](const std::string& cards) {
    kmhub::v1::ImportContactsRequest request;
    request.set_parent(org);
    request.set_vcard_data(cards);
    kmhub::v1::ImportContactsResponse response;
    const auto status = server.client().ImportContacts(request, &response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return response;
  };
  auto card = [](const std::string& body) { return "BEGIN:VCARD\r\nVERSION:4.0\r\n" + body + "END:VCARD\r\n"; };
  auto first = import(card("UID:urn:uuid:ann\r\nFN:Ann Lee\r\nEMAIL:ann.lee@nhs.net\r\n") +
                      card("FN:Bob Ray\r\nEMAIL:bob.ray@nhs.net\r\nEMAIL:bob@home.example\r\n") +
                      card("FN:Cy Dunn\r\n"));
  REQUIRE(first.summary().created() == 3);
  // By UID (new e-mail, new name), by the second e-mail in any case, by name (no UID, no e-mail).
  auto second = import(card("UID:urn:uuid:ann\r\nFN:Ann Lee-Smith\r\nEMAIL:ann@new.example\r\n") +
                       card("FN:Robert Ray\r\nEMAIL:BOB@home.example\r\n") + card("FN:cy dunn\r\nTEL:01223 245151\r\n"));
  CHECK(second.summary().created() == 0);
  CHECK(second.summary().updated() == 3);
  CHECK(second.contacts(0).name() == first.contacts(0).name());
  CHECK(second.contacts(1).name() == first.contacts(1).name());
  CHECK(second.contacts(2).name() == first.contacts(2).name());
  CHECK(second.contacts(2).vcard_uid().empty());
  // Same name, told apart: another UID; e-mails on both sides and none shared.
  auto third = import(card("UID:urn:uuid:another-ann\r\nFN:Ann Lee-Smith\r\n") +
                      card("FN:Robert Ray\r\nEMAIL:robert.ray@elsewhere.example\r\n"));
  CHECK(third.summary().created() == 2);
  CHECK(server.database().CountRows("contacts") == 5);
}

TEST_CASE("API: a retried vCard import (same request id) gets the first answer and writes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto org = MakeOrganisation(server, "Retry Surgery");
  kmhub::v1::ImportContactsRequest import;
  import.set_parent(org);
  import.set_vcard_data(Fixture("ezvcard-rfc6350-example.vcf") + Fixture("vobject-vcard40_multilang.vcf"));
  import.set_request_id("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
  kmhub::v1::ImportContactsResponse first, retried, other;
  REQUIRE(server.client().ImportContacts(import, &first).ok());
  CHECK(first.summary().created() == 2);
  const auto audit_rows = server.database().CountRows("audit_events");
  REQUIRE(server.client().ImportContacts(import, &retried).ok());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(first, retried));  // created 2, not updated 2
  CHECK(server.database().CountRows("contacts") == 2);
  CHECK(server.database().CountRows("audit_events") == audit_rows);  // nothing written
  // A new request id is a new import: it finds the same people and updates them.
  import.set_request_id("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");
  REQUIRE(server.client().ImportContacts(import, &other).ok());
  CHECK(other.summary().created() == 0);
  CHECK(other.summary().updated() == 2);
  import.set_request_id("two words");  // printable ASCII without spaces, at most 100 characters
  CHECK(server.client().ImportContacts(import, &other).error_code() == grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("API: exported vCards import back into another organisation unchanged") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto source = MakeOrganisation(server, "Source");
  const auto target = MakeOrganisation(server, "Target");
  kmhub::v1::ImportContactsRequest import;
  import.set_parent(source);
  // Real exports: RFC 6350's example, other-language names, Outlook 2003 and Android.
  import.set_vcard_data(Fixture("ezvcard-rfc6350-example.vcf") + Fixture("vobject-vcard40_multilang.vcf") +
                        Fixture("ezvcard-outlook-2003.vcf") + Fixture("ezvcard-John_Doe_ANDROID.vcf"));
  kmhub::v1::ImportContactsResponse imported;
  REQUIRE(server.client().ImportContacts(import, &imported).ok());
  constexpr int kCards = 1 + 1 + 1 + 6;
  REQUIRE(imported.contacts_size() == kCards);

  kmhub::v1::ExportContactsRequest exp;
  exp.set_parent(source);
  kmhub::v1::ExportContactsResponse exported;
  REQUIRE(server.client().ExportContacts(exp, &exported).ok());
  CHECK(exported.count() == kCards);
  CHECK(exported.vcard_data().find("ORG:Source\r\n") != std::string::npos);

  import.set_parent(target);
  import.set_vcard_data(exported.vcard_data());
  kmhub::v1::ImportContactsResponse again;
  REQUIRE(server.client().ImportContacts(import, &again).ok());
  REQUIRE(again.contacts_size() == kCards);
  CHECK(again.warnings_size() == 0);  // the export holds only what was kept
  // Every stored field the same (the name's five parts, the other properties); only what names
  // the record itself (its resource name under the other organisation, times, etag) differs.
  // The export is in name order, the first import in file order: pair them by display name.
  std::map<std::string, kmhub::v1::Contact> by_name;
  for (const auto& c : again.contacts()) by_name[c.display_name()] = c;
  REQUIRE(by_name.size() == static_cast<std::size_t>(kCards));
  for (int i = 0; i < kCards; ++i) {
    kmhub::v1::Contact first = imported.contacts(i), second = by_name.at(first.display_name());
    // A card that came without a UID is exported with one naming where it came from, so that it
    // is found again; the copy keeps that UID.
    if (first.vcard_uid().empty()) {
      CHECK(second.vcard_uid() == "urn:kmhub:" + first.name());
      second.clear_vcard_uid();
    }
    for (auto* c : {&first, &second}) {
      c->clear_name();
      c->clear_create_time();
      c->clear_update_time();
      c->clear_etag();
    }
    INFO(first.DebugString() << "came back as\n" << second.DebugString());
    CHECK(google::protobuf::util::MessageDifferencer::Equals(first, second));
  }
}

TEST_CASE("API: contacts list by role across the address book") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto a = MakeOrganisation(server, "A");
  const auto b = MakeOrganisation(server, "B");
  for (const auto& [org, name, role] : {std::tuple{a, "Ann GP", kmhub::v1::CLINICAL_ROLE_GP},
                                        std::tuple{a, "Bob Manager", kmhub::v1::CLINICAL_ROLE_MANAGER},
                                        std::tuple{b, "Cat GP", kmhub::v1::CLINICAL_ROLE_GP}}) {
    kmhub::v1::CreateContactRequest r;
    r.set_parent(org);
    r.mutable_contact()->set_display_name(name);
    r.mutable_contact()->set_clinical_role(role);
    kmhub::v1::Contact out;
    REQUIRE(server.client().CreateContact(r, &out).ok());
  }
  kmhub::v1::ListContactsRequest list;
  list.set_parent("organisations/-");
  list.set_clinical_role(kmhub::v1::CLINICAL_ROLE_GP);
  kmhub::v1::ListContactsResponse response;
  REQUIRE(server.client().ListContacts(list, &response).ok());
  REQUIRE(response.contacts_size() == 2);
  CHECK(response.contacts(0).display_name() == "Ann GP");
  CHECK(response.contacts(1).display_name() == "Cat GP");
  list.set_parent("everyone");
  CHECK(DetailsOf(server.client().ListContacts(list, &response)).violation_fields == std::vector<std::string>{"parent"});
}
