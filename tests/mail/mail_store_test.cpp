#include "server/mail/mail_store.h"

#include <catch2/catch.hpp>

#include "tests/mail/team_fixture.h"


#include "server/mail/mail_archive.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
std::string Fixture(const std::string& name) { return kmhub::testing::TeamFixture(name); }

store::IncomingMail Incoming(const std::string& raw) {
  auto parsed = domain::ParseMail(raw);
  REQUIRE(parsed);
  return {*parsed, raw, false};
}

store::MailImportRequest Request(std::int64_t folder, std::vector<std::string> raws) {
  store::MailImportRequest r;
  r.folder_id = folder;
  r.files = {{"test.mbox", "0"}};
  for (const auto& raw : raws) r.messages.push_back(Incoming(raw));
  return r;
}

std::int64_t Folder(store::MailStore& s) {
  store::MailFolderRecord f;
  f.name = "Partners";
  f.roles = {1, 2, 3};
  const auto created = s.CreateFolder(f);
  REQUIRE(created);
  return created->id;
}

std::vector<store::MailThreadRecord> Threads(store::MailStore& s, std::int64_t folder) {
  const auto page = s.ListThreads(folder, {"", 0, 100});
  REQUIRE(page);
  return page->items;
}
}  // namespace

TEST_CASE("mail store: a reply imported before its parent joins its thread when the parent arrives") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::MailStore s(t.db());
  const auto folder = Folder(s);
  // The third message first: it names the root in References and the second in In-Reply-To.
  auto first = s.Import(Request(folder, {Fixture("eml/notmuch-thread-3-reply.eml")}));
  REQUIRE(first);
  CHECK(first->new_count == 1);
  auto second = s.Import(Request(folder, {Fixture("eml/notmuch-thread-1-root.eml"),
                                          Fixture("eml/notmuch-lkml-thread-parent.eml")}));
  REQUIRE(second);
  CHECK(second->new_count == 2);
  REQUIRE(s.Import(Request(folder, {Fixture("eml/notmuch-thread-2-reply.eml")})));
  const auto threads = Threads(s, folder);
  REQUIRE(threads.size() == 2);  // the notmuch thread and the lkml patch
  const auto& notmuch = threads[1].subject == "[notmuch] Working with Maildir storage?" ? threads[1] : threads[0];
  CHECK(notmuch.subject == "[notmuch] Working with Maildir storage?");  // the earliest message's
  CHECK(notmuch.message_count == 3);
  CHECK(notmuch.first_micros == 1258484454000000);
  store::MailThreadRecord read;
  const auto messages = s.ThreadMessages(notmuch.id, &read);
  REQUIRE(messages);
  REQUIRE(messages->size() == 3);
  CHECK((*messages)[0].message_id == "20091117190054.GU3165@dottiness.seas.harvard.edu");  // by date
  CHECK((*messages)[1].parent_message_id == "20091117190054.GU3165@dottiness.seas.harvard.edu");
  CHECK((*messages)[2].cc.size() == 1);
  CHECK(t.CountRows("mail_threads") == 2);  // the placeholder threads were merged away
}

TEST_CASE("mail store: importing again adds nothing, a second copy is marked, no Message-ID is keyed by content") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::MailStore s(t.db());
  const auto folder = Folder(s);
  std::vector<std::string> raws;
  for (const auto& m : domain::SplitMbox(Fixture("mbox/ponymail-users_ponymail_apache_org_2019-09.mbox")))
    raws.push_back(m.bytes);
  auto first = s.Import(Request(folder, raws));
  REQUIRE(first);
  CHECK(first->new_count == 4);
  auto again = s.Import(Request(folder, raws));
  REQUIRE(again);
  CHECK(again->new_count == 0);
  CHECK(again->present_count == 4);
  CHECK(Threads(s, folder).size() == 1);  // In-Reply-To / References: one conversation
  CHECK(Threads(s, folder)[0].message_count == 4);

  // The same Message-ID with other content: a second copy, in the same thread.
  const std::string copy = "Message-ID: <4376b056-bfdb-7ff3-9ca2-7bc7fbbc96c6@rcbowen.com>\nFrom: rbowen@rcbowen.com\n"
                           "Subject: Re: How do I search\nDate: Fri, 20 Sep 2019 09:00:00 -0400\n\nA re-sent draft\n";
  auto copies = s.Import(Request(folder, {copy}));
  REQUIRE(copies);
  CHECK(copies->new_count == 1);
  CHECK(copies->copy_count == 1);
  CHECK(Threads(s, folder).size() == 1);

  // Without a Message-ID: the same content once, other content again.
  const std::string anonymous = "From: a@example.org\nSubject: minutes\nDate: Mon, 4 Jan 2010 10:00:00 +0000\n\nAttached.\n";
  auto none = s.Import(Request(folder, {anonymous, anonymous, anonymous + "PS\n"}));
  REQUIRE(none);
  CHECK(none->new_count == 2);
  CHECK(none->present_count == 1);
  CHECK(t.CountRows("mail_messages") == 4 + 1 + 2);
}

TEST_CASE("mail store: a dry run writes nothing, a retried import is answered from the log") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::MailStore s(t.db());
  const auto folder = Folder(s);
  auto request = Request(folder, {Fixture("eml/notmuch-x-gtar-compressed.eml")});
  request.dry_run = true;
  auto dry = s.Import(request);
  INFO((dry ? std::string() : dry.error().message));
  REQUIRE(dry);
  CHECK(dry->new_count == 1);
  CHECK(t.CountRows("mail_messages") == 0);
  CHECK(t.CountRows("mail_imports") == 0);
  request.dry_run = false;
  request.request_id = "0b9f7a0e-1c7e-4a39-9b9a-3f1f2d1c0e11";
  auto written = s.Import(request);
  REQUIRE(written);
  auto retried = s.Import(request);
  REQUIRE(retried);
  CHECK(retried->id == written->id);
  CHECK(retried->new_count == 1);  // the first answer, not "0 new, 1 present"
  CHECK(t.CountRows("mail_imports") == 1);
  CHECK(t.CountRows("mail_attachments") == 1);
  const auto imports = s.ListImports(folder);
  REQUIRE(imports);
  REQUIRE(imports->size() == 1);
  CHECK((*imports)[0].files[0].name == "test.mbox");
}

TEST_CASE("mail store: folder names are unique, unknown ones are NOT_FOUND") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::MailStore s(t.db());
  Folder(s);
  store::MailFolderRecord again;
  again.name = "Partners";
  CHECK(s.CreateFolder(again).error().reason == "MAIL_FOLDER_EXISTS");
  CHECK(s.FolderByName("Nope").error().reason == "MAIL_FOLDER_NOT_FOUND");
  CHECK(s.FolderByName("Partners")->roles == std::vector<int>{1, 2, 3});
}

TEST_CASE("mail store: undoing an import removes its messages, recounts their threads, frees their copies") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::MailStore s(t.db());
  const auto folder = Folder(s);
  const auto root = s.Import(Request(folder, {Fixture("eml/notmuch-thread-1-root.eml")}));
  REQUIRE(root);
  const auto replies = s.Import(Request(folder, {Fixture("eml/notmuch-thread-2-reply.eml"),
                                                 Fixture("eml/notmuch-thread-3-reply.eml")}));
  REQUIRE(replies);
  // A later second copy of the root, which an undo of the root's import must not leave dangling.
  const std::string copy = "Message-ID: <20091117190054.GU3165@dottiness.seas.harvard.edu>\nFrom: lars@seas.harvard.edu\n"
                           "Subject: [notmuch] Working with Maildir storage?\nDate: Tue, 17 Nov 2009 15:00:00 -0500\n\nAgain\n";
  REQUIRE(s.Import(Request(folder, {copy})));
  REQUIRE(Threads(s, folder).size() == 1);
  CHECK(Threads(s, folder)[0].message_count == 4);

  const auto undone = s.UndoImport(replies->id);
  REQUIRE(undone);
  CHECK(undone->undone_micros > 0);
  auto threads = Threads(s, folder);
  REQUIRE(threads.size() == 1);
  CHECK(threads[0].message_count == 2);  // the root and its copy
  CHECK(threads[0].last_micros == 1258488000000000);  // the copy's 20:00 UTC, not the replies' later dates
  CHECK(s.UndoImport(replies->id).error().reason == "ALREADY_UNDONE");
  CHECK(s.UndoImport(999999).error().reason == "MAIL_IMPORT_NOT_FOUND");

  REQUIRE(s.UndoImport(root->id));
  threads = Threads(s, folder);
  REQUIRE(threads.size() == 1);
  CHECK(threads[0].message_count == 1);
  store::MailThreadRecord read;
  const auto left = s.ThreadMessages(threads[0].id, &read);
  REQUIRE(left);
  REQUIRE(left->size() == 1);
  CHECK((*left)[0].copy_of == 0);  // stands alone now
  CHECK(t.CountRows("mail_addresses") == 1);
  // Importing the replies again puts them back in the same thread.
  REQUIRE(s.Import(Request(folder, {Fixture("eml/notmuch-thread-2-reply.eml")})));
  CHECK(Threads(s, folder).size() == 1);
  CHECK(Threads(s, folder)[0].message_count == 2);
}
