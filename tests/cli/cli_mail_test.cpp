// kmhub mail, end to end on both engines: folders, imports of every mbox and eml fixture,
// re-import, threads, a thread shown, refusals.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/cli_fixture.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
std::string Team(const std::string& path) { return std::string(KMHUB_FIXTURES_DIR) + "/" + path; }
}  // namespace

TEST_CASE("CLI: mail import takes every mbox and eml fixture, once, threaded") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  auto r = f.Kmhub("mail folder create Partners --description 'Mail with partners' --reader-role editor");
  REQUIRE(r.exit_code == 0);
  CHECK(LineStarting(r.out, "READERS:").find("editor") != std::string::npos);

  // 39 messages in the five mbox files (11 + 18 + 2 + 4 + 4) and 9 single messages. Five are
  // the same as another by content, with no Message-ID to tell them apart: four of the seven
  // RFC 2047 comment samples decode to a subject another one has ("(ab)" three times, "(a b)"
  // three times), and git's sample holds "[PATCH] a commit." twice.
  const std::string files = Quote(Team("mbox")) + " " + Quote(Team("eml"));
  r = f.Kmhub("mail import " + files + " --folder Partners --dry-run -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\n14,43,0,5,0,0,dry run (nothing written)\r\n") != std::string::npos);
  CHECK(f.database.CountRows("mail_messages") == 0);
  r = f.Kmhub("mail import " + files + " --folder Partners -o csv");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\n14,43,0,5,0,0,mailImports/") != std::string::npos);
  CHECK(f.database.CountRows("mail_messages") == 43);
  r = f.Kmhub("mail import " + files + " --folder Partners -o csv");  // again: nothing new
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\n14,0,0,48,0,0,mailImports/") != std::string::npos);
  CHECK(f.database.CountRows("mail_messages") == 43);

  // Threads: the notmuch conversation (three files, a folded In-Reply-To, a multi-line
  // References) is one thread; the lkml patch and its reply another; the ponymail list thread
  // of four a third.
  r = f.Kmhub("mail threads --folder Partners --page-size 100 -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(",[notmuch] Working with Maildir storage?,3,2009-11-17,2009-11-17\r\n") != std::string::npos);
  CHECK(r.out.find(",[PATCH] core: dev: don't call BUG() on bad input,2,2011-02-14,2011-02-14\r\n") != std::string::npos);
  CHECK(r.out.find(",How do I search the Apache-wide announce mailing list?,4,2019-09-20,2019-09-20\r\n") !=
        std::string::npos);
  const auto at = r.out.find(",[notmuch] Working with Maildir storage?");
  REQUIRE(at != std::string::npos);
  const auto line_start = r.out.rfind('\n', at) + 1;
  const std::string thread = r.out.substr(line_start, at - line_start);

  r = f.Kmhub("mail show " + thread);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("[notmuch] Working with Maildir storage? (3 message(s))\n", 0) == 0);
  CHECK(r.out.find("\nFrom:    Lars Kellogg-Stedman <lars@seas.harvard.edu>\nDate:    2009-11-17 14:00 -0500\n") !=
        std::string::npos);
  // The reply is indented under the root, the reply to the reply under it.
  CHECK(r.out.find("\n    From:    Mikhail Gusarov <dottedmag@dottedmag.net>\n    Date:    2009-11-18 01:02 +0600\n") !=
        std::string::npos);
  CHECK(r.out.find("\n        From:    Lars Kellogg-Stedman <lars@seas.harvard.edu>\n") != std::string::npos);

  r = f.Kmhub("mail imports --folder Partners -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(",14,0,0,48,0,\r\n") != std::string::npos);
  CHECK(r.out.find(",14,43,0,5,0,\r\n") != std::string::npos);

  // The first import undone: its 43 messages go, the second (which added none) stays.
  const auto first = r.out.rfind("mailImports/", r.out.find(",14,43,0,5,0,"));
  REQUIRE(first != std::string::npos);
  const std::string import = r.out.substr(first, r.out.find(',', first) - first);
  r = f.Kmhub("mail undo-import " + import + " -o csv");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(import + ",Partners,43,") != std::string::npos);
  CHECK(f.database.CountRows("mail_messages") == 0);
  r = f.Kmhub("mail threads --folder Partners");
  CHECK(r.out.find("Working with Maildir") == std::string::npos);
  r = f.Kmhub("mail undo-import " + import);
  CHECK(r.exit_code == 4);
  CHECK(r.err == "kmhub: mail import " + import + " was undone already\n");
}

TEST_CASE("CLI: mail import refuses unreadable messages and NHS numbers, naming each, unless told") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("mail folder create Partners").exit_code == 0);
  TempDir dir;
  const std::string mbox = dir.path() + "/mixed.mbox";
  std::ofstream(mbox) << "From a Mon Jan  4 10:00:00 2010\nFrom: gp@practice.nhs.uk\nSubject: Discharge\n"
                         "Message-ID: <d1@practice.nhs.uk>\n\nRe patient 943 476 5919, seen today.\n\n"
                         "From b Mon Jan  4 11:00:00 2010\nFrom: council@county.gov.uk\nSubject: LAA\n"
                         "Message-ID: <l1@county.gov.uk>\n\nThe LAA targets are attached.\n";
  auto r = f.Kmhub("mail import " + Quote(mbox) + " --folder Partners");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: 1 message(s) cannot be imported, so nothing was\n  " + mbox +
                     ", message 1 (byte 0): holds an NHS number ending 5919: mail with patient details is refused "
                     "(--allow-identifiable keeps it, for admins only)\n");
  CHECK(f.database.CountRows("mail_messages") == 0);
  r = f.Kmhub("mail import " + Quote(mbox) + " --folder Partners --allow-identifiable -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\n1,2,0,0,0,1,mailImports/") != std::string::npos);

  const std::string bad = dir.path() + "/bad.eml";
  std::ofstream(bad) << std::string("\0\1 not mail", 11);
  r = f.Kmhub("mail import " + Quote(bad) + " --folder Partners");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(bad + ", message 1 (byte 0): not a mail message: no header could be read") != std::string::npos);
  r = f.Kmhub("mail import " + Quote(bad) + " --folder Partners --skip-unparseable -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err == "kmhub: note: left out " + bad + ", message 1 (byte 0): not a mail message: no header could be read\n");
  CHECK(r.out.find("\r\n1,0,0,0,1,0,mailImports/") != std::string::npos);

  r = f.Kmhub("mail import " + Quote(bad) + " --folder Nope");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: no mail folder is called 'Nope'\n");
  r = f.Kmhub("mail show 999999");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: mail thread mailThreads/999999 does not exist\n");
}
