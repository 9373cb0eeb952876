// kmhub-bench-forum: the data for the forum benchmark (forums/README.md).
// 50 organisations with 10 contacts each and 200 projects are written through the store; then
// `--posts` posts in threads of 10 (thread i's first post opens it), bodies of 40-120 words
// drawn from a vocabulary of 5,000 words with Zipf frequencies (as in real text: a few words
// everywhere, most words rare), inserted with the SQLite C API so that the full-text index is
// built by the same triggers the service uses. The posts go in as the service writes them under
// load, a few a transaction with a step of index merging after each (ForumStore's
// MergeIndexStep), so that searches meet the index a live forum has: a few dozen segments of
// every size, not the single one 'optimize' makes (searches on that were ~30 % faster, which a
// server that takes posts never sees; --optimized-index gives it). It also writes the files the
// load generator reads: authors.txt (contact names), queries.txt (one search per line: one or
// two words of middling frequency, as people search for "discharge letters") and words.txt (the
// vocabulary, commonest first, which the posts it writes are drawn from as these were).

#include <CLI/CLI.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "server/partners/contact_store.h"
#include "server/platform/db/migrations.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_store.h"

using namespace kmhub;

namespace {

constexpr int kOrganisations = 50, kContactsEach = 10, kProjects = 200, kPostsPerThread = 10, kWords = 5000;
// Posts a transaction: the post writer's batches at full-speed posting are ~5 (bench/).
constexpr int kPostsPerWrite = 5;

// Real words first (the commonest ranks), then made-up but pronounceable ones.
std::vector<std::string> Vocabulary() {
  const char* real[] = {
      "the", "patients", "practice", "referral", "clinic", "discharge", "letters", "waiting", "service", "community",
      "hospital", "consultant", "nurse", "pathway", "dermatology", "diabetes", "copd", "glaucoma", "physiotherapy",
      "triage", "follow", "review", "budget", "savings", "consortium", "commissioning", "business", "case", "audit",
      "template", "protocol", "medication", "prescribing", "statins", "falls", "reablement", "social", "care",
      "outpatient", "admissions", "readmissions", "telephone", "electronic", "results", "pharmacy", "optometrists",
      "podiatry", "education", "evening", "sessions", "register", "palliative", "mental", "health", "access", "rates",
      "benchmark", "quarter", "activity", "tariff", "contract", "minor", "surgery", "injections", "ophthalmology"};
  std::vector<std::string> words(std::begin(real), std::end(real));
  const char* onsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "br", "cl", "dr", "gr", "pl", "st", "tr"};
  const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou"};
  const char* codas[] = {"n", "m", "l", "r", "s", "t", "x", "nd", "rt", "st"};
  for (int i = 0; static_cast<int>(words.size()) < kWords; ++i) {
    std::string w;
    int n = i;
    for (int syllable = 0; syllable < 3; ++syllable) {
      w += onsets[n % 20];
      n /= 20;
      w += vowels[n % 8];
      n /= 8;
    }
    w += codas[i % 10];
    words.push_back(w);
  }
  return words;
}

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
  std::fprintf(stderr, "%s: %s\n", sql, error ? error : "?");
  sqlite3_free(error);
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "bench-forum.db", dir = ".";
  int posts = 100000;
  bool optimized_index = false;
  CLI::App app{"kmhub-bench-forum: organisations, contacts, projects, threads and posts for bench/"};
  app.add_option("--sqlite", path, "SQLite database file")->capture_default_str();
  app.add_option("--posts", posts, "Posts")->capture_default_str();
  app.add_option("--out", dir, "Where to write authors.txt, queries.txt and words.txt")->capture_default_str();
  app.add_flag("--optimized-index", optimized_index,
               "One transaction and a fully merged full-text index, rather than the index live posting leaves");
  CLI11_PARSE(app, argc, argv);

  auto db = store::Database::Open({"sqlite:" + path, 1, 5000, 5000});
  if (!db || !store::Migrate(**db)) {
    std::fprintf(stderr, "cannot open or migrate %s\n", path.c_str());
    return 1;
  }
  store::OrganisationStore organisations(*db);
  store::ContactStore contacts(*db);
  store::ProjectStore projects(*db);
  std::ofstream authors(dir + "/authors.txt");
  std::vector<std::int64_t> contact_ids;
  for (int o = 0; o < kOrganisations; ++o) {
    store::OrganisationRecord org;
    org.display_name = "Forum bench organisation " + std::to_string(o);
    org.kind = 1 + o % 11;
    auto made = organisations.Create(org, "forum-bench-org-" + std::to_string(o));
    if (!made) return 1;
    for (int c = 0; c < kContactsEach; ++c) {
      store::ContactRecord contact;
      contact.organisation_id = made->id;
      contact.given_name = "Member" + std::to_string(c);
      contact.family_name = "Bench" + std::to_string(o);
      contact.display_name = contact.given_name + " " + contact.family_name;
      auto person = contacts.Create(contact, "forum-bench-contact-" + std::to_string(o) + "-" + std::to_string(c));
      if (!person) return 1;
      contact_ids.push_back(person->id);
      authors << "organisations/" << made->id << "/contacts/" << person->id << '\n';
    }
  }
  for (int p = 0; p < kProjects; ++p) {
    store::ProjectRecord project;
    char code[16];
    std::snprintf(code, sizeof code, "P-F%04d", p);
    project.code = code;
    project.title = "Forum bench project " + std::to_string(p);
    project.state = 3;
    if (!projects.Create(project, std::string("forum-bench-") + code)) return 1;
  }
  db->reset();

  const auto words = Vocabulary();
  // Zipf(1): the word of rank r is drawn with probability proportional to 1/r.
  std::vector<double> weights(words.size());
  for (std::size_t r = 0; r < words.size(); ++r) weights[r] = 1.0 / static_cast<double>(r + 1);
  std::mt19937 random(20101124);
  std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
  std::uniform_int_distribution<int> length(40, 120);

  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) return 1;
  const auto start = std::chrono::steady_clock::now();
  // Seeding is not what is measured: no fsync per transaction.
  if (!Exec(raw, "PRAGMA foreign_keys=ON") || !Exec(raw, "PRAGMA synchronous=OFF") || !Exec(raw, "BEGIN")) return 1;
  sqlite3_stmt *thread = nullptr, *post = nullptr, *link = nullptr;
  sqlite3_prepare_v2(raw,
                     "INSERT INTO forum_threads (category_id, title, tags, state, author_contact_id, post_count, "
                     "create_micros, last_post_micros) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                     -1, &thread, nullptr);
  sqlite3_prepare_v2(raw,
                     "INSERT INTO forum_posts (thread_id, author_contact_id, heading, body, create_micros) VALUES "
                     "(?, ?, ?, ?, ?)",
                     -1, &post, nullptr);
  sqlite3_prepare_v2(raw, "INSERT INTO forum_thread_projects (thread_id, project_id) VALUES (?, ?)", -1, &link, nullptr);
  // As the service does after each write of posts (server/store/forum_store.cpp, kIndexMergePages).
  const auto end_write = [&] {
    return Exec(raw, "INSERT INTO forum_search (forum_search, rank) VALUES ('merge', 16)") && Exec(raw, "COMMIT") &&
           Exec(raw, "BEGIN");
  };
  const long long base = 1262304000LL * 1000000LL;  // 2010-01-01
  const int threads = (posts + kPostsPerThread - 1) / kPostsPerThread;
  auto sentence = [&](int n) {
    std::string text;
    for (int w = 0; w < n; ++w) text += (w ? " " : "") + words[pick(random)];
    return text;
  };
  int written = 0;
  for (int t = 0; t < threads; ++t) {
    const int in_thread = std::min(kPostsPerThread, posts - written);
    const long long opened = base + static_cast<long long>(t) * 600LL * 1000000LL;
    const std::string title = sentence(6);
    const long long author = contact_ids[static_cast<std::size_t>(t) % contact_ids.size()];
    sqlite3_bind_int64(thread, 1, 1 + t % 3);
    sqlite3_bind_text(thread, 2, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(thread, 3, t % 4 == 0 ? "|referrals|" : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(thread, 4, author);
    sqlite3_bind_int(thread, 5, in_thread);
    sqlite3_bind_int64(thread, 6, opened);
    sqlite3_bind_int64(thread, 7, opened + static_cast<long long>(in_thread) * 60LL * 1000000LL);
    if (sqlite3_step(thread) != SQLITE_DONE) return 1;
    sqlite3_reset(thread);
    const long long thread_id = sqlite3_last_insert_rowid(raw);
    if (t % 5 == 0) {
      sqlite3_bind_int64(link, 1, thread_id);
      sqlite3_bind_int64(link, 2, 1 + t % kProjects);
      if (sqlite3_step(link) != SQLITE_DONE) return 1;
      sqlite3_reset(link);
    }
    for (int p = 0; p < in_thread; ++p, ++written) {
      const std::string body = sentence(length(random));
      sqlite3_bind_int64(post, 1, thread_id);
      sqlite3_bind_int64(post, 2, p == 0 ? author : contact_ids[static_cast<std::size_t>(written * 7) % contact_ids.size()]);
      sqlite3_bind_text(post, 3, p == 0 ? title.c_str() : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(post, 4, body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(post, 5, opened + static_cast<long long>(p) * 60LL * 1000000LL);
      if (sqlite3_step(post) != SQLITE_DONE) return 1;
      sqlite3_reset(post);
      if (!optimized_index && (written + 1) % kPostsPerWrite == 0 && !end_write()) return 1;
    }
  }
  sqlite3_finalize(thread);
  sqlite3_finalize(post);
  sqlite3_finalize(link);
  if (!Exec(raw, "COMMIT")) return 1;
  if (optimized_index && !Exec(raw, "INSERT INTO forum_search (forum_search) VALUES ('optimize')")) return 1;
  sqlite3_close(raw);
  std::fprintf(stderr, "%d posts in %d threads in %.1f s\n", written, threads,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

  // Searches: one or two words of ranks 30-3,000 (the commonest words are what a search engine
  // calls stop words; nobody searches for "the").
  std::ofstream queries(dir + "/queries.txt");
  std::uniform_int_distribution<std::size_t> middling(30, 3000);
  for (int q = 0; q < 1000; ++q) {
    queries << words[middling(random)];
    if (q % 2 == 0) queries << ' ' << words[middling(random)];
    queries << '\n';
  }
  std::ofstream vocabulary(dir + "/words.txt");
  for (const auto& word : words) vocabulary << word << '\n';
  return 0;
}
