// Torture, on the real binary: other processes opening the live SQLite database, online backups
// and SIGKILLs at random moments, each while 16 people post; two servers on one SQLite file; a
// damaged file. Every case asserts that each acknowledged write is there, nothing is
// half-written and the database passes its integrity check. (The SIGKILL-during-import cases
// are in tests/fault, under the same label.)

#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "client/kmhub_client.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_log.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

using Clock = std::chrono::steady_clock;

client::ClientOptions ClientFor(const ServerProcess& server, int deadline_ms = 10000) {
  client::ClientOptions options;
  options.server = server.address();
  options.max_attempts = 1;
  options.deadline = std::chrono::milliseconds(deadline_ms);
  return options;
}

// A server that starts the log over every `restart_pages` pages of it (SQLite), so that the
// checkpointer's restarts come within a second of posting rather than the default's minutes.
std::vector<std::string> ServerArgs(const TestDatabase& database, int restart_pages = 2000) {
  return {"--database=" + database.url(), "--insecure-no-auth", "--rate-limit=0",
          "--sqlite-wal-restart-pages=" + std::to_string(restart_pages)};
}

// A practice, a GP of it and a thread in the benchmarking category to post in.
struct Forum {
  std::string author, thread;
};
Forum OpenForum(const ServerProcess& server) {
  client::KmhubClient client(ClientFor(server));
  Forum forum;
  const auto practice = CreateOrganisation(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  forum.author = CreateContact(client, practice, "Ann", "Patel", kmhub::v1::CLINICAL_ROLE_GP);
  kmhub::v1::CreateForumThreadRequest open;
  open.set_parent("forumCategories/benchmarking");
  open.set_author(forum.author);
  open.set_body("Referral rates by practice, month by month: how do we compare?");
  open.mutable_thread()->set_title("Referral rates between consortia");
  kmhub::v1::ForumThread made;
  const auto status = client.CreateForumThread(open, &made);
  INFO(status.error_message());
  REQUIRE(status.ok());
  forum.thread = made.name();
  return forum;
}

// 16 clients posting replies as fast as they are answered, each reply with a word of its own
// ("zq<round>w<writer>x<n>") so that its row can be found. A client stops at its first failure
// (the server is gone, or something is wrong: the cases tell which by what they expect).
class Posters {
 public:
  Posters(const ServerProcess& server, const Forum& forum, int round) {
    for (int w = 0; w < 16; ++w)
      threads_.emplace_back([this, options = ClientFor(server), forum, round, w] {
        client::KmhubClient client(options);
        for (int i = 0; !stop_; ++i) {
          const std::string word = "zq" + std::to_string(round) + "w" + std::to_string(w) + "x" + std::to_string(i);
          kmhub::v1::CreateForumPostRequest request;
          request.set_parent(forum.thread);
          request.mutable_post()->mutable_author()->set_contact(forum.author);
          request.mutable_post()->set_body("Our rate this month, for comparison: " + word);
          kmhub::v1::ForumPost out;
          const auto status = client.CreateForumPost(request, &out);
          std::lock_guard lock(mu_);
          if (!status.ok()) {
            failures_[status.error_code()] = status.error_message();
            return;
          }
          acknowledged_.insert(word);
        }
      });
  }
  ~Posters() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::set<std::string> Acknowledged() const {
    std::lock_guard lock(mu_);
    return acknowledged_;
  }
  std::map<grpc::StatusCode, std::string> Failures() const {
    std::lock_guard lock(mu_);
    return failures_;
  }

 private:
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::set<std::string> acknowledged_;
  std::map<grpc::StatusCode, std::string> failures_;
  std::vector<std::thread> threads_;
};

// The reply words stored in a database (the last word of each post's body).
std::set<std::string> StoredWords(const std::vector<std::string>& bodies) {
  std::set<std::string> words;
  for (const auto& body : bodies) words.insert(body.substr(body.rfind(' ') + 1));
  return words;
}

// How many of `wanted` are missing from `stored`, with the first few named for the report.
std::string Missing(const std::set<std::string>& wanted, const std::set<std::string>& stored) {
  std::string missing;
  int n = 0;
  for (const auto& w : wanted)
    if (!stored.count(w) && ++n <= 5) missing += w + " ";
  return n == 0 ? "" : std::to_string(n) + " missing, e.g. " + missing;
}

std::string Sqlite3(const std::string& path, const std::string& sql) {
  // The shell waits for the write lock as the server's connections do (it has no busy timeout of its own).
  const auto result = Run("sqlite3 -cmd '.timeout 10000' " + Quote(path) + " " + Quote(sql));
  INFO("sqlite3 " << sql << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

// PRAGMA integrity_check of the file, and the full-text index against the posts it indexes.
void CheckSqliteSound(const std::string& path) {
  CHECK(Sqlite3(path, "PRAGMA integrity_check") == "ok\n");
  CHECK(Sqlite3(path, "INSERT INTO forum_search(forum_search) VALUES('integrity-check')") == "");
}

// The log's inode, 0 when there is no log: a log deleted behind the server's back (and made
// anew by the next writer) has another.
ino_t InodeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

std::string ServerCommand(const TestDatabase& database, const std::string& subcommand) {
  return std::string(KMHUB_SERVER_BIN) + " " + subcommand + " --database=" + Quote(database.url());
}

}  // namespace

TEST_CASE("torture: other processes open, read, write and close the live SQLite database while 16 post, "
          "before and after the log starts over") {
  TestDatabase database(Backend::kSqlite, 1);
  database.CloseStore();
  const std::string path = database.sqlite_path(), log = path + "-wal";
  ServerProcess server(ServerArgs(database));
  const Forum forum = OpenForum(server);
  const ino_t log_inode = InodeOf(log);
  REQUIRE(log_inode != 0);

  int restarts = 0, runs_before = 0, runs_after = 0, tokens = 0;
  // An admin bootstraps a token (opens, migrates, writes, closes), and someone looks and writes
  // with the sqlite3 shell (opens, reads, writes, closes), as people do beside a running server.
  // Each closes its connection last but one: the server's log must still be the one it writes.
  auto outsiders = [&] {
    const auto token = Run(ServerCommand(database, "token create --role viewer --name outsider"));
    INFO(token.err);
    REQUIRE(token.exit_code == 0);
    ++tokens;
    CHECK(std::stoll(Sqlite3(path, "SELECT COUNT(*) FROM forum_posts")) >= 1);
    CHECK(Sqlite3(path, "INSERT INTO settings (key, value) VALUES ('torture-" + std::to_string(tokens) +
                            "', 'written by the sqlite3 shell') RETURNING key") != "");
    REQUIRE(InodeOf(log) == log_inode);
  };
  // Before the log has ever started over ...
  for (int i = 0; i < 3; ++i, ++runs_before) outsiders();
  // ... and while 16 post, through restarts.
  Posters posters(server, forum, 0);
  std::uint64_t salts = LogSalts(log);
  const auto give_up = Clock::now() + std::chrono::seconds(90);
  while ((restarts < 3 || runs_after < 20) && Clock::now() < give_up) {
    outsiders();
    const std::uint64_t now = LogSalts(log);
    if (now != salts) ++restarts;
    salts = now;
    ++(restarts == 0 ? runs_before : runs_after);
  }
  posters.Stop();
  INFO(runs_before << " outside runs before the first restart, " << runs_after << " after; " << restarts
                   << " restarts seen");
  CHECK(restarts >= 3);
  CHECK(runs_before >= 3);
  CHECK(runs_after >= 20);
  for (const auto& [code, message] : posters.Failures()) {
    INFO("a post failed with code " << code << ": " << message);
    CHECK(false);
  }
  const auto acknowledged = posters.Acknowledged();
  REQUIRE(acknowledged.size() > 100);
  CHECK(server.Stop(SIGTERM) == 0);

  CHECK(Missing(acknowledged, StoredWords(database.Texts("SELECT body FROM forum_posts"))) == "");
  CHECK(database.CountRows("api_tokens WHERE display_name = 'outsider'") == tokens);
  CHECK(database.CountRows("settings WHERE key LIKE 'torture-%'") == tokens);
  CheckSqliteSound(path);
}

TEST_CASE("torture: kmhub-server backup while 16 post holds every post acknowledged before it began, and is sound") {
  TestDatabase database(Backend::kSqlite, 1);
  database.CloseStore();
  TempDir backups;
  ServerProcess server(ServerArgs(database));
  const Forum forum = OpenForum(server);
  Posters posters(server, forum, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 4; ++i) {
    const auto before = posters.Acknowledged();
    const std::string copy = backups.path() + "/backup-" + std::to_string(i) + ".db";
    const auto backup = Run(ServerCommand(database, "backup " + Quote(copy)));
    INFO(backup.err);
    REQUIRE(backup.exit_code == 0);
    CheckSqliteSound(copy);
    const auto in_copy = StoredWords([&] {
      std::vector<std::string> bodies;
      const auto out = Sqlite3(copy, "SELECT body FROM forum_posts");
      for (std::size_t at = 0, end; (end = out.find('\n', at)) != std::string::npos; at = end + 1)
        bodies.push_back(out.substr(at, end - at));
      return bodies;
    }());
    INFO("backup " << i << " after " << before.size() << " acknowledged posts");
    CHECK(before.size() > 16 * static_cast<std::size_t>(i));
    CHECK(Missing(before, in_copy) == "");
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  posters.Stop();
  CHECK(posters.Failures().empty());
  CHECK(server.Stop(SIGTERM) == 0);
  CheckSqliteSound(database.sqlite_path());
}

TEST_CASE("torture: SIGKILL at random moments of posting, checkpoints and log restarts keeps every acknowledged post") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  database.CloseStore();
  constexpr int kKills = 20;
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> after_ms(100, 900);
  // Restarts every 1,000 pages: with 16 posting, a checkpoint pass every 100 ms and a restart
  // every few hundred milliseconds, so most kills land in or near one.
  const auto args = ServerArgs(database, 1000);
  Forum forum;
  {
    ServerProcess server(args);
    forum = OpenForum(server);
    CHECK(server.Stop(SIGTERM) == 0);
  }
  std::set<std::string> acknowledged;
  std::size_t posted_in_rounds = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    // Each start checks the file (quick_check) and refuses a damaged one: ServerProcess throws.
    ServerProcess server(args);
    Posters posters(server, forum, kill);
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(rng)));
    REQUIRE(server.Stop(SIGKILL) == 128 + SIGKILL);
    posters.Stop();
    const auto round = posters.Acknowledged();
    posted_in_rounds += round.size();
    acknowledged.insert(round.begin(), round.end());
  }
  INFO(kKills << " kills, " << acknowledged.size() << " acknowledged posts");
  CHECK(posted_in_rounds > static_cast<std::size_t>(kKills) * 16);
  const auto bodies = database.Texts("SELECT body FROM forum_posts");
  CHECK(Missing(acknowledged, StoredWords(bodies)) == "");
  // Nothing half-written: every stored reply is whole (its word complete), and at most one
  // unacknowledged post per poster per kill got in (committed, answer lost with the server).
  for (const auto& body : bodies)
    CHECK((body.rfind("Our rate this month, for comparison: zq", 0) == 0 || body.rfind("Referral rates", 0) == 0));
  CHECK(bodies.size() <= acknowledged.size() + 1 + kKills * 16);
  if (backend == Backend::kSqlite) CheckSqliteSound(database.sqlite_path());
  ServerProcess last(args);
  client::KmhubClient client(ClientFor(last));
  int checked = 0;
  for (const auto& word : acknowledged) {
    if (++checked % 25 != 0) continue;  // a sample: each search is a call
    kmhub::v1::SearchForumRequest search;
    search.set_query(word);
    kmhub::v1::SearchForumResponse found;
    const auto status = client.SearchForum(search, &found);
    INFO(word << ": " << status.error_message());
    REQUIRE(status.ok());
    CHECK(found.hits_size() == 1);
  }
}

TEST_CASE("torture: a second server on the same SQLite file refuses to start, and the admin commands work beside one") {
  TestDatabase database(Backend::kSqlite, 1);
  database.CloseStore();
  ServerProcess first(ServerArgs(database));
  try {
    ServerProcess second(ServerArgs(database));
    FAIL("a second server started on " << database.sqlite_path());
  } catch (const std::runtime_error& e) {
    const std::string log = e.what();
    INFO(log);
    CHECK(log.find("another kmhub-server is serving " + database.sqlite_path()) != std::string::npos);
    CHECK(log.find("PostgreSQL") != std::string::npos);
  }
  client::KmhubClient client(ClientFor(first));
  CreateOrganisation(client, "Still served", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  CHECK(Run(ServerCommand(database, "token create --role viewer")).exit_code == 0);
  const auto check = Run(ServerCommand(database, "check"));
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("ok: ") == 0);
  CHECK(first.Stop(SIGTERM) == 0);
  // Once the first has stopped (or died: the kernel lets go of its claim), a server starts.
  ServerProcess again(ServerArgs(database));
  CHECK(again.Stop(SIGKILL) == 128 + SIGKILL);
  ServerProcess after_kill(ServerArgs(database));
}

namespace {

// Fifty practices written through a server, which is then stopped: the last connection copies
// the log back and removes it, so that a server started after reads the file itself.
void WithFiftyPractices(TestDatabase& database) {
  database.CloseStore();
  ServerProcess server(ServerArgs(database));
  client::KmhubClient client(ClientFor(server));
  for (int i = 0; i < 50; ++i)
    CreateOrganisation(client, "Practice " + std::to_string(i), kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  CHECK(server.Stop(SIGTERM) == 0);
}

// Overwrites the first bytes of the B-tree page that is `table`'s root with what no page starts
// with, in the file (with the server stopped or, to damage it under a server, between its reads).
void DamageTableRoot(const std::string& path, const std::string& table) {
  const long long root = std::stoll(Sqlite3(path, "SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'"));
  const long long page_bytes = std::stoll(Sqlite3(path, "PRAGMA page_size"));
  std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
  file.seekp((root - 1) * page_bytes);
  const std::string garbage(64, '\xA5');
  file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

}  // namespace

TEST_CASE("torture: a damaged SQLite file is refused at start and found by check, naming the file and the way back") {
  TestDatabase database(Backend::kSqlite, 1);
  WithFiftyPractices(database);
  DamageTableRoot(database.sqlite_path(), "organisations");
  try {
    ServerProcess server(ServerArgs(database));
    FAIL("a server started on a damaged file");
  } catch (const std::runtime_error& e) {
    const std::string log = e.what();
    INFO(log);
    CHECK(log.find("REFUSING TO SERVE: the database " + database.sqlite_path() + " is DAMAGED") != std::string::npos);
    CHECK(log.find("quick_check found") != std::string::npos);
    CHECK(log.find("copy the newest backup") != std::string::npos);
  }
  const auto check = Run(ServerCommand(database, "check"));
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("is DAMAGED; integrity_check found:") != std::string::npos);
  CHECK(check.err.find(".recover") != std::string::npos);
}

TEST_CASE("torture: a file damaged under a running server turns health NOT_SERVING and is logged once") {
  TestDatabase database(Backend::kSqlite, 1);
  WithFiftyPractices(database);
  ServerProcess server(ServerArgs(database));
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto serving = [&] {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    REQUIRE(health->Check(&ctx, request, &response).ok());
    return response.status();
  };
  CHECK(serving() == grpc::health::v1::HealthCheckResponse::SERVING);

  // The server reads the file through a memory map: the damage is what its next read sees.
  DamageTableRoot(database.sqlite_path(), "organisations");
  client::KmhubClient client(ClientFor(server));
  for (int i = 0; i < 3; ++i) {
    kmhub::v1::ListOrganisationsRequest list;
    kmhub::v1::ListOrganisationsResponse out;
    const auto status = client.ListOrganisations(list, &out);
    INFO(status.error_message());
    CHECK(status.error_code() == grpc::StatusCode::INTERNAL);
    CHECK(DetailsOf(status).reason == "DATABASE_CORRUPT");
  }
  CHECK(serving() == grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string log = server.Log();
  std::size_t said = 0;
  for (auto at = log.find("IS DAMAGED"); at != std::string::npos; at = log.find("IS DAMAGED", at + 1)) ++said;
  INFO(log);
  CHECK(said == 1);
}
