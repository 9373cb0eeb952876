#include "server/mail/mail_parse.h"

#include <catch2/catch.hpp>

#include "tests/mail/team_fixture.h"


#include "server/mail/html_text.h"
#include "server/mail/mail_archive.h"
#include "server/mail/nhs_number.h"

using namespace kmhub::domain;

namespace {
std::string Fixture(const std::string& name) { return kmhub::testing::TeamFixture(name); }
ParsedMail Parse(const std::string& raw) {
  auto parsed = ParseMail(raw);
  REQUIRE(parsed);
  return *parsed;
}
ParsedMail Eml(const std::string& name) { return Parse(Fixture("eml/" + name)); }
}  // namespace

TEST_CASE("RFC 2047: encoded words decoded, adjacent ones joined across charsets") {
  const auto messages = SplitMbox(Fixture("mbox/git-t5100-rfc2047-samples.mbox"));
  REQUIRE(messages.size() == 11);
  const auto first = Parse(messages[0].bytes);
  CHECK(first.subject == "If you can read this you understand the example.");  // ISO8859-1 + ISO8859-2 B words
  CHECK(first.from == MailAddress{"Keith Moore", "moore@cs.utk.edu"});
  CHECK(first.to == std::vector<MailAddress>{{"Keld Jørn Simonsen", "keld@dkuug.dk"}});
  CHECK(first.cc == std::vector<MailAddress>{{"André Pirard", "pirard@vm1.ulg.ac.be"}});  // addresses lower-cased
  CHECK(Parse(messages[1].bytes).from.name == "Olle Järnefors");
  CHECK(Parse(messages[6].bytes).subject == "(ab)");  // adjacent words with only space between: joined
  CHECK(Eml("notmuch-latin1-subject.eml").subject == "Essai accentué");
  CHECK(Eml("public-inbox-utf8-rfc2047.eml").from.name == "Eléanor");
  CHECK(Eml("notmuch-lkml-thread-reply-iso8859-encoded-from.eml").from.name == "Nicolas de Pesloüan");
  CHECK(Eml("notmuch-x-gtar-compressed.eml").from.name == "Antoine Beaupré");
}

TEST_CASE("dates in UTC with the offset as written, ids, replies and references") {
  const auto root = Eml("notmuch-thread-1-root.eml");  // Tue, 17 Nov 2009 14:00:54 -0500
  CHECK(root.message_id == "20091117190054.GU3165@dottiness.seas.harvard.edu");
  CHECK(root.date_micros == 1258484454000000);  // 19:00:54 UTC
  CHECK(root.utc_offset_minutes == -300);
  CHECK(ParentId(root).empty());
  // In-Reply-To with a comment folded over two lines.
  CHECK(ParentId(Eml("notmuch-thread-2-reply.eml")) == "20091117190054.GU3165@dottiness.seas.harvard.edu");
  const auto third = Eml("notmuch-thread-3-reply.eml");
  CHECK(third.references == std::vector<std::string>{"20091117190054.GU3165@dottiness.seas.harvard.edu",
                                                     "87iqd9rn3l.fsf@vertex.dottedmag"});
  CHECK(ParentId(third) == "87iqd9rn3l.fsf@vertex.dottedmag");
  CHECK(Parse("From: a@example.org\nSubject: no date\n\nx\n").date_micros == 0);
}

TEST_CASE("bodies: text preferred, charsets decoded, HTML-only mail as text, attachments listed") {
  CHECK(Eml("notmuch-latin1-subject.eml").body.starts_with("Du texte accentué pour ça ...\n\nà la bonne heure !\n-- \n"));
  const auto tar = Eml("notmuch-x-gtar-compressed.eml");
  REQUIRE(tar.attachments.size() == 1);
  CHECK(tar.attachments[0].file_name == "zendesk-email-loop2.tgz");
  CHECK(tar.attachments[0].media_type == "application/x-gtar-compressed");
  CHECK(tar.attachments[0].size == 5368);
  CHECK(tar.attachments[0].content.empty());  // kept only when asked
  ParseOptions keep;
  keep.keep_attachment_content = true;
  CHECK(ParseMail(Fixture("eml/notmuch-x-gtar-compressed.eml"), keep)->attachments[0].content.size() == 5368);
  // A PGP signature is transport, not an attachment.
  CHECK(Eml("notmuch-thread-1-root.eml").attachments.empty());
  // MimeKit 1189: the zip's headers run into its base64 with no empty line; it is still found.
  const auto gmail = SplitMbox(Fixture("mbox/mimekit-issue1189.mbox"));
  const auto zipped = Parse(gmail[1].bytes);
  REQUIRE(zipped.attachments.size() == 1);
  CHECK(zipped.attachments[0].file_name == "Attachment.zip");
  CHECK(zipped.body == "Body of message 2.\n");

  const auto html = Parse(
      "From: a@example.org\nSubject: html\nContent-Type: text/html; charset=iso-8859-1\n\n"
      "<html><head><style>p{}</style></head><body><p>Dear partners,</p><p>Minutes &amp; "
      "<a href=\"https://example.org/m\">papers</a>\x96 see <b>item 3</b>.<br>Regards</p>"
      "<ul><li>LAA</li><li>JSNA</li></ul><script>x()</script></body></html>");
  CHECK(html.body_from_html);
  CHECK(html.body == "Dear partners,\n\nMinutes & papers <https://example.org/m>– see item 3.\nRegards\n- LAA\n- JSNA");
}

TEST_CASE("two deliveries of one message share a content hash, not a raw one") {
  const std::string body = "Message-ID: <x@y>\nFrom: a@example.org\nTo: b@example.org\nSubject: s\n"
                           "Date: Mon, 4 Jan 2010 10:00:00 +0000\n\nHello\n";
  const auto one = Parse("Received: from a by b; Mon, 4 Jan 2010 10:00:01 +0000\n" + body);
  const auto two = Parse("Received: from c by d; Mon, 4 Jan 2010 10:00:09 +0000\nDelivered-To: b@example.org\n" + body);
  CHECK(one.sha256 != two.sha256);
  CHECK(one.content_sha256 == two.content_sha256);
  CHECK(Parse(body + "Again\n").content_sha256 != one.content_sha256);
}

TEST_CASE("a message GMime can read nothing of is refused") {
  const auto none = ParseMail("");
  REQUIRE_FALSE(none);
  CHECK(none.error().reason == "UNPARSEABLE_MESSAGE");
}

TEST_CASE("NHS numbers: modulus 11, written together or 3-3-4") {
  CHECK(IsValidNhsNumber("9434765919"));
  CHECK_FALSE(IsValidNhsNumber("9434765918"));
  CHECK_FALSE(IsValidNhsNumber("1234567890"));  // check digit would be 10
  CHECK(FindNhsNumbers("Re patient 943 476 5919, seen today; ref 943-476-5870.") ==
        std::vector<std::string>{"9434765919", "9434765870"});
  CHECK(FindNhsNumbers("Invoice 94347659190 and phone 01632 960 001").empty());  // longer runs are not one
}
