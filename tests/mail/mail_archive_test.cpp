#include "server/mail/mail_archive.h"

#include <catch2/catch.hpp>

#include "tests/mail/team_fixture.h"

using namespace kmhub::domain;

namespace {
std::string Fixture(const std::string& name) { return kmhub::testing::TeamFixture(name); }
}  // namespace

TEST_CASE("mbox: every fixture splits into the messages read off it") {
  // Counted by reading each file: its From_ lines that start a message.
  const std::pair<const char*, std::size_t> files[] = {
      {"mbox/git-t5100-sample.mbox", 18},             // From nobody / From <sha> / From addr; some with no empty line before
      {"mbox/git-t5100-sample.mboxrd", 2},            // a body line "From not mangled…" is no separator
      {"mbox/git-t5100-rfc2047-samples.mbox", 11},    // header-only messages
      {"mbox/mimekit-issue1189.mbox", 4},             // Gmail Takeout's "From 1844…@xxx"
      {"mbox/ponymail-users_ponymail_apache_org_2019-09.mbox", 4},
  };
  for (const auto& [file, count] : files) {
    INFO(file);
    const auto data = Fixture(file);
    CHECK(DetectArchiveKind(data) == ArchiveKind::kMbox);
    const auto messages = SplitMbox(data);
    CHECK(messages.size() == count);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      CHECK(messages[i].number == static_cast<int>(i) + 1);
      CHECK(data.compare(messages[i].offset, 5, "From ") == 0);  // the offset is the separator's
    }
  }
}

TEST_CASE("mbox: mboxrd lines are un-quoted once, other lines kept as they are") {
  const auto messages = SplitMbox(Fixture("mbox/git-t5100-sample.mboxrd"));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].bytes.find("\n\nFrom the beginning, mbox should have been mboxrd\n>From escaped\n"
                               "From not mangled but this line should have been escaped\n") != std::string::npos);
  CHECK(messages[1].bytes.find("\n >From unchanged\n From also unchanged\n") != std::string::npos);
  CHECK(messages[1].bytes.ends_with("was intended:\n>From\n"));  // ">From" with no space is no quoted From line
}

TEST_CASE("mbox: a BOM, Content-Length and a body paragraph beginning with From") {
  const std::string mboxcl =
      "\xEF\xBB\xBF"
      "From - Mon Jan 04 10:00:00 2010\n"
      "From: a@example.org\nSubject: one\nContent-Length: 32\n\n"
      "From the minutes:\n\nFrom x@y 10:00\n"  // 32 bytes, with a From_-looking line inside
      "\nFrom - Mon Jan 04 11:00:00 2010\nFrom: b@example.org\nSubject: two\n\nbody\n";
  REQUIRE(DetectArchiveKind(mboxcl) == ArchiveKind::kMbox);
  const auto messages = SplitMbox(mboxcl);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].offset == 3);  // after the BOM
  CHECK(messages[0].bytes.ends_with("\n\nFrom the minutes:\n\nFrom x@y 10:00\n"));
  CHECK(messages[1].bytes == "From: b@example.org\nSubject: two\n\nbody\n");

  // Without Content-Length, a paragraph starting "From " is a separator only when a header follows.
  const auto plain = SplitMbox("From a Mon Jan 04 10:00:00 2010\nSubject: x\n\nFrom our side, yes.\n\nThanks\n");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].bytes.find("From our side, yes.") != std::string::npos);
}

TEST_CASE("a single message is one message, and an mbox written as mboxrd splits back the same") {
  CHECK(DetectArchiveKind(Fixture("eml/notmuch-latin1-subject.eml")) == ArchiveKind::kSingleMessage);
  CHECK(SplitArchive(Fixture("eml/notmuch-latin1-subject.eml")).size() == 1);
  const std::string message = "From: a@example.org\nSubject: quoting\n\nFrom here on\n>From there\n>>From far\nend\n";
  const auto mbox = WriteMboxrdMessage(message, "a@example.org", "Mon Jan  4 10:00:00 2010") +
                    WriteMboxrdMessage(message, "", "Mon Jan  4 11:00:00 2010");
  CHECK(mbox.find("\n>From here on\n>>From there\n>>>From far\n") != std::string::npos);
  const auto back = SplitMbox(mbox);
  REQUIRE(back.size() == 2);
  CHECK(back[0].bytes == message);
  CHECK(back[1].bytes == message);
}
