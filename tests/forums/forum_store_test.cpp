#include "server/forums/forum_store.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "server/platform/search/snippet.h"
#include "server/platform/db/audit_log.h"
#include "server/partners/contact_store.h"
#include "server/projects/contributor_store.h"
#include "server/forums/forum_post_writer.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_store.h"
#include "server/platform/db/session.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

struct People {
  std::int64_t ann = 0, tom = 0, organisation = 0;
};

People Seed(TestDatabase& t) {
  store::OrganisationStore orgs(t.db());
  store::OrganisationRecord o;
  o.display_name = "Mill Road Surgery";
  o.kind = 6;
  const auto org = orgs.Create(o, "")->id;
  store::ContactStore contacts(t.db());
  auto contact = [&](const std::string& given, const std::string& family) {
    store::ContactRecord c;
    c.organisation_id = org;
    c.display_name = given + " " + family;
    c.given_name = given;
    c.family_name = family;
    auto made = contacts.Create(c, "");
    REQUIRE(made);
    return made->id;
  };
  return {contact("Ann", "Patel"), contact("Tom", "Reid"), org};
}

store::NewForumThread Thread(std::int64_t author, const std::string& title, const std::string& body) {
  store::NewForumThread t;
  t.category_code = "problem-solving";
  t.title = title;
  t.author_contact_id = author;
  t.body = body;
  return t;
}

// A search for one word, in each database's query syntax.
store::ForumSearchFilter WordSearch(const std::string& word) {
  store::ForumSearchFilter f;
  f.fts5_query = "\"" + word + "\"";
  f.websearch_query = word;
  return f;
}

std::vector<std::int64_t> HitIds(const store::ForumSearchResult& found) {
  std::vector<std::int64_t> ids;
  for (const auto& h : found.hits) ids.push_back(h.post.id);
  return ids;
}

std::vector<std::int64_t> SearchIds(store::ForumStore& forums, const std::string& fts5, const std::string& web) {
  store::ForumSearchFilter f;
  f.fts5_query = fts5;
  f.websearch_query = web;
  auto found = forums.Search(f);
  REQUIRE(found);
  return HitIds(*found);
}

}  // namespace

TEST_CASE("forum store: a post and its thread's counters are written together, or not at all") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ForumStore forums(t.db());

  auto thread = forums.CreateThread(Thread(people.ann, "Discharge letters", "Three weeks late."), "req-1");
  REQUIRE(thread);
  CHECK(thread->post_count == 1);
  CHECK(thread->state == 1);
  // The same request id returns the first thread, not a second one.
  auto again = forums.CreateThread(Thread(people.ann, "Discharge letters", "Three weeks late."), "req-1");
  REQUIRE(again);
  CHECK(again->id == thread->id);
  CHECK(t.CountRows("forum_threads") == 1);

  auto reply = forums.CreatePost({thread->id, people.tom, "Fixed from March.", 0, {people.ann}}, "");
  REQUIRE(reply);
  REQUIRE(reply->mentions.size() == 1);
  CHECK(reply->mentions[0].display_name == "Ann Patel");
  CHECK(forums.GetThread(thread->id)->post_count == 2);

  // A mention of a contact that does not exist fails the whole post: no post, no count, no audit.
  const auto audits = t.CountRows("audit_events");
  auto broken = forums.CreatePost({thread->id, people.tom, "To nobody.", 0, {999999}}, "");
  REQUIRE_FALSE(broken);
  CHECK(t.CountRows("forum_posts") == 2);
  CHECK(t.CountRows("audit_events") == audits);
  CHECK(forums.GetThread(thread->id)->post_count == 2);

  // A reply to a post of another thread is refused.
  auto other = forums.CreateThread(Thread(people.tom, "Phlebotomy", "Waits."), "");
  REQUIRE(other);
  auto stray = forums.CreatePost({thread->id, people.ann, "Hm", other->id + 1000, {}}, "");
  REQUIRE_FALSE(stray);
  CHECK(stray.error().reason == "POST_NOT_FOUND");

  // Locked in the store too: the UPDATE that counts the post checks the state.
  REQUIRE(forums.Lock(thread->id, true));
  auto refused = forums.CreatePost({thread->id, people.ann, "Late", 0, {}}, "");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().reason == "THREAD_LOCKED");
  CHECK(forums.GetThread(thread->id)->post_count == 2);
  CHECK(forums.CreatePost({424242, people.ann, "Gone", 0, {}}, "").error().reason == "THREAD_NOT_FOUND");
}

TEST_CASE("forum store: full-text search stems, ranks titles above bodies and follows edits") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ForumStore forums(t.db());

  auto titled = forums.CreateThread(Thread(people.ann, "Referral thresholds", "Agreed at the PEC."), "");
  auto bodied = forums.CreateThread(Thread(people.tom, "Dermatology", "Our referral pathway changed."), "");
  REQUIRE(titled);
  REQUIRE(bodied);
  const auto opening_of = [&](std::int64_t thread) {
    return forums.ListPosts(thread, {"", 0, 1})->items.front().id;
  };
  const auto titled_post = opening_of(titled->id), bodied_post = opening_of(bodied->id);
  CHECK(SearchIds(forums, "\"referrals\"", "referrals") == std::vector{titled_post, bodied_post});
  CHECK(SearchIds(forums, "\"pathways\"", "pathways") == std::vector{bodied_post});
  CHECK(SearchIds(forums, "\"referral\" NOT \"pec\"", "referral -pec") == std::vector{bodied_post});

  // More uses of the word rank higher, however long the post (no length normalisation, as
  // PostgreSQL's ts_rank); a rarer word of the query counts for more than a common one.
  auto wordy = forums.CreatePost({bodied->id, people.tom,
                                  "Audit first. The audit of last year, which took the whole of the spring and "
                                  "most of the summer to finish, with every practice in the consortium taking "
                                  "part and a report to the PEC at the end of it, is where to start.",
                                  0, {}},
                                 "");
  auto terse = forums.CreatePost({bodied->id, people.ann, "Use the audit.", 0, {}}, "");
  REQUIRE(wordy);
  REQUIRE(terse);
  CHECK(SearchIds(forums, "\"audit\"", "audit") == std::vector{wordy->id, terse->id});
  // Of two words, the rarer counts for more on SQLite: with the posts below, "audit" is in four
  // of twelve and "pathway" in three, and the post using "pathway" twice ranks first, though newer
  // posts win ties. (PostgreSQL's ts_rank weighs the words of a query alike.)
  for (int i = 0; i < 6; ++i)
    REQUIRE(forums.CreatePost({bodied->id, people.tom, "Clinic notes, week " + std::to_string(i), 0, {}}, ""));
  auto pathway_twice =
      forums.CreatePost({bodied->id, people.ann, "Audit the pathway, then the pathway again.", 0, {}}, "");
  auto audit_twice = forums.CreatePost({bodied->id, people.tom, "Audit the pathway, then audit again.", 0, {}}, "");
  REQUIRE(pathway_twice);
  REQUIRE(audit_twice);
  if (backend == Backend::kSqlite)
    CHECK(SearchIds(forums, "\"audit\" \"pathway\"", "audit pathway") ==
          std::vector{pathway_twice->id, audit_twice->id});

  auto reply = forums.CreatePost({bodied->id, people.ann, "Triage by photograph works well.", 0, {}}, "");
  REQUIRE(reply);
  CHECK(SearchIds(forums, "\"photographs\"", "photographs") == std::vector{reply->id});
  REQUIRE(forums.UpdatePost(bodied->id, reply->id, "Triage by telephone instead.", {}));
  CHECK(SearchIds(forums, "\"photographs\"", "photographs").empty());
  CHECK(SearchIds(forums, "\"telephone\"", "telephone") == std::vector{reply->id});

  auto f = WordSearch("triaging");
  f.wanted_words = {"triaging"};
  auto found = forums.Search(f);
  REQUIRE(found);
  REQUIRE(found->hits.size() == 1);
  const auto& hit = found->hits[0];
  if (backend == Backend::kSqlite) {
    // The words as the index reads them: "Triage" matches "triaging" (one stem), nothing else does.
    REQUIRE(hit.body_words.size() == 4);
    CHECK(hit.body_words[0].begin == 0);
    CHECK(hit.body_words[0].end == 6);
    CHECK(hit.body_words[0].term == 0);
    CHECK(hit.body_words[1].term == -1);
    CHECK(hit.body_words[3].term == -1);
    CHECK(hit.heading_words.empty());  // a reply has no heading
  }
  // (PostgreSQL's ts_headline leaves out the closing full stop.)
  CHECK(domain::SnippetOfHit({hit.snippet, hit.heading, hit.heading_words, hit.post.body, hit.body_words}).rfind("\x02" "Triage" "\x03 by telephone instead", 0) == 0);
  CHECK(found->hits[0].thread_title == "Dermatology");
  CHECK(found->total == 1);
}

TEST_CASE("forum store: contributors come from linked threads, updates and the lead") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ProjectStore projects(t.db());
  store::ProjectRecord p;
  p.code = "P-1";
  p.title = "Community dermatology";
  p.state = 1;
  p.lead_contact_id = people.tom;
  p.lead_contact_organisation_id = people.organisation;
  auto created = projects.Create(p, "");
  INFO((created ? "" : created.error().message));
  REQUIRE(created);
  store::ForumStore forums(t.db());
  auto linked = Thread(people.ann, "Dermatology clinic", "Proposal.");
  linked.project_codes = {"P-1"};
  auto thread = forums.CreateThread(linked, "");
  REQUIRE(thread);
  CHECK(thread->project_codes == std::vector<std::string>{"P-1"});
  REQUIRE(forums.CreatePost({thread->id, people.ann, "Costs attached.", 0, {}}, ""));

  store::ContributorStore contributors(t.db());
  auto list = contributors.ForProject("P-1");
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].contact_id == people.ann);
  CHECK((*list)[0].posts == 2);
  CHECK((*list)[1].contact_id == people.tom);
  CHECK((*list)[1].lead);
  CHECK((*list)[1].posts == 0);
  CHECK(*projects.ContributorCount(projects.Get("P-1")->id) == 2);

  // A linked project that does not exist leaves nothing behind.
  auto missing = Thread(people.ann, "Elsewhere", "Text.");
  missing.project_codes = {"P-NONE"};
  const auto threads = t.CountRows("forum_threads");
  CHECK(forums.CreateThread(missing, "").error().reason == "PROJECT_NOT_FOUND");
  CHECK(t.CountRows("forum_threads") == threads);

  // Deleting the project keeps the thread and drops the link.
  REQUIRE(projects.Delete("P-1", 0));
  CHECK(forums.GetThread(thread->id)->project_codes.empty());
}

TEST_CASE("forum store: a search matching more posts than the rank window ranks the newest of them") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ForumStore forums(t.db());
  // The oldest post matches best (the word in its title); four newer ones mention it once.
  auto best = forums.CreateThread(Thread(people.ann, "Glaucoma glaucoma glaucoma", "Glaucoma monitoring."), "");
  REQUIRE(best);
  std::vector<std::int64_t> newer;
  for (int i = 0; i < 4; ++i) {
    auto reply = forums.CreatePost({best->id, people.tom, "Padding words then glaucoma once, reply " + std::to_string(i),
                                    0, {}},
                                   "");
    REQUIRE(reply);
    newer.push_back(reply->id);
  }
  auto f = WordSearch("glaucoma");
  auto all = forums.Search(f);
  REQUIRE(all);
  REQUIRE(all->hits.size() == 5);
  CHECK(all->hits[0].post.thread_id == best->id);
  CHECK(all->hits[0].post.id < newer.front());  // the opening post ranks first
  f.rank_window = 3;
  auto windowed = forums.Search(f);
  REQUIRE(windowed);
  CHECK(windowed->total == 3);  // counted as far as a search can page
  CHECK(windowed->total_capped);
  CHECK_FALSE(all->total_capped);
  CHECK(all->total == 5);
  // A page past the last still says how many match.
  f.rank_window = store::kSearchRankWindow;
  f.offset = 10;
  auto beyond = forums.Search(f);
  REQUIRE(beyond);
  CHECK(beyond->hits.empty());
  CHECK(beyond->total == 5);
  CHECK_FALSE(beyond->total_capped);
  REQUIRE(windowed->hits.size() == 3);
  for (const auto& h : windowed->hits) CHECK(h.post.id >= newer[1]);  // the three newest only
}

TEST_CASE("forum store: search pages continue one ranking, best first and the newer of equals first") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ForumStore forums(t.db());
  auto thread = forums.CreateThread(Thread(people.ann, "Clinic rota", "Who covers the cataract list?"), "");
  REQUIRE(thread);
  // Two posts that say "cataract" three times, three that say it once (equal scores within each).
  std::vector<std::int64_t> thrice, once;
  for (int i = 0; i < 5; ++i) {
    const std::string body = i < 2 ? "Cataract, cataract and more cataract surgery." : "One cataract clinic moved.";
    auto post = forums.CreatePost({thread->id, people.tom, body, 0, {}}, "");
    REQUIRE(post);
    (i < 2 ? thrice : once).push_back(post->id);
  }
  auto f = WordSearch("cataract");
  auto all = forums.Search(f);
  REQUIRE(all);
  REQUIRE(all->hits.size() == 6);
  CHECK(all->total == 6);
  // The posts that say it thrice first, the newer of the two first. (Where the opening post,
  // which says it once in a longer text, ranks among the rest is each database's own affair.)
  CHECK(all->hits[0].post.id == thrice[1]);
  CHECK(all->hits[1].post.id == thrice[0]);
  for (std::size_t i = 1; i < all->hits.size(); ++i)
    CHECK(all->hits[i - 1].relevance >= all->hits[i].relevance);
  std::vector<std::int64_t> paged;
  f.limit = 2;
  for (f.offset = 0; f.offset < 8; f.offset += 2) {
    auto page = forums.Search(f);
    REQUIRE(page);
    CHECK(page->total == 6);
    for (const auto id : HitIds(*page)) paged.push_back(id);
  }
  const auto whole = HitIds(*all);
  CHECK(paged == whole);
  // Equal scores: the newer post first.
  std::vector<std::int64_t> once_ranked;
  for (const auto id : whole)
    if (std::find(once.begin(), once.end(), id) != once.end()) once_ranked.push_back(id);
  CHECK(once_ranked == std::vector<std::int64_t>{once[2], once[1], once[0]});
}

TEST_CASE("forum store: posts written together fail alone, and the writer batches concurrent posts") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ForumStore forums(t.db());
  auto thread = forums.CreateThread(Thread(people.ann, "Referral forms", "Which version?"), "");
  REQUIRE(thread);

  // One transaction: the reply to a post that does not exist is undone alone.
  std::vector<store::PostToWrite> batch = {
      {{thread->id, people.tom, "Version 3.", 0, {}}, "batch-1", {}},
      {{thread->id, people.ann, "To nowhere.", 999999, {}}, "batch-2", {}},
      {{thread->id, people.ann, "Thanks, @tom.", 0, {people.tom}}, "batch-3", {"token 7 (ward laptop)", "", "", ""}},
      {{thread->id, people.tom, "Version 3.", 0, {}}, "batch-1", {}},  // a retry: the first post again
  };
  const auto results = forums.WritePosts(batch);
  REQUIRE(results.size() == 4);
  REQUIRE(results[0]);
  REQUIRE_FALSE(results[1]);
  CHECK(results[1].error().reason == "POST_NOT_FOUND");
  REQUIRE(results[2]);
  REQUIRE(results[3]);
  CHECK(results[3]->id == results[0]->id);
  CHECK(results[3]->earlier);  // the caller reads the first post back
  CHECK_FALSE(results[0]->earlier);
  CHECK(results[0]->create_micros > 0);
  CHECK(forums.GetThread(thread->id)->post_count == 3);  // the opening post and two replies
  const auto posts = forums.ListPosts(thread->id, {"", 0, 10});
  REQUIRE(posts);
  REQUIRE(posts->items.size() == 3);
  CHECK(posts->items[2].body == "Thanks, @tom.");
  REQUIRE(posts->items[2].mentions.size() == 1);
  CHECK(posts->items[2].mentions.front().contact_id == people.tom);
  // Each post is audited as its own author's, whichever thread writes the batch.
  store::AuditQuery audit;
  audit.resource = "forumThreads/" + std::to_string(thread->id) + "/posts/" + std::to_string(results[2]->id);
  audit.position.page_size = 10;
  const auto events = store::AuditStore(t.db()).List(audit);
  REQUIRE(events);
  REQUIRE(events->items.size() == 1);
  CHECK(events->items[0].actor == "token 7 (ward laptop)");
  CHECK(events->items[0].summary == "posted");

  // A locked thread refuses every post of a batch; the other thread's post stays.
  auto other = forums.CreateThread(Thread(people.tom, "Clinic rooms", "Free on Tuesdays?"), "");
  REQUIRE(other);
  REQUIRE(forums.Lock(thread->id, true));
  const auto locked = forums.WritePosts({{{thread->id, people.tom, "Late.", 0, {}}, "", {}},
                                         {{other->id, people.ann, "Yes, room 2.", 0, {}}, "", {}}});
  REQUIRE_FALSE(locked[0]);
  CHECK(locked[0].error().reason == "THREAD_LOCKED");
  CHECK(locked[1]);
  REQUIRE(forums.Lock(thread->id, false));

  // A post the database refuses (its author is no contact) fails the batch's one INSERT: the
  // batch is undone and written again post by post, so that only that post fails, and the
  // thread counts the other once.
  const int before = forums.GetThread(other->id)->post_count;
  const auto refused = forums.WritePosts({{{other->id, people.ann, "Room 3 too.", 0, {}}, "fk-1", {}},
                                          {{other->id, 424242, "From nobody.", 0, {}}, "fk-2", {}},
                                          {{other->id, people.tom, "Thanks.", 0, {}}, "fk-3", {}}});
  REQUIRE(refused.size() == 3);
  CHECK(refused[0]);
  CHECK_FALSE(refused[1]);
  CHECK(refused[2]);
  CHECK(forums.GetThread(other->id)->post_count == before + 2);
  const auto retried = forums.WritePosts({{{other->id, people.ann, "Room 3 too.", 0, {}}, "fk-1", {}}});
  REQUIRE(retried[0]);
  CHECK(retried[0]->id == refused[0]->id);  // written once: its request id was logged
  CHECK(retried[0]->earlier);

  // Sixteen people posting at once: every post written once, in the thread's count too.
  store::ForumPostWriter writer(t.db());
  const auto ann = forums.Member(people.ann), tom = forums.Member(people.tom);
  REQUIRE(ann);
  REQUIRE(tom);
  auto reply = [&](const store::ForumMemberRecord& author, const std::string& body) {
    store::ForumPostRecord post;
    post.thread_id = thread->id;
    post.author = author;
    post.body = body;
    return post;
  };
  std::vector<std::thread> posters;
  std::vector<std::int64_t> ids(16, 0);
  for (int i = 0; i < 16; ++i)
    posters.emplace_back([&, i] {
      auto post = writer.Write(reply(i % 2 ? *ann : *tom, "Reply " + std::to_string(i)), "");
      if (post && post->body == "Reply " + std::to_string(i)) ids[static_cast<std::size_t>(i)] = post->id;
    });
  for (auto& p : posters) p.join();
  std::sort(ids.begin(), ids.end());
  CHECK(ids.front() != 0);
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK(forums.GetThread(thread->id)->post_count == 3 + 16);
}

TEST_CASE("forum store: the writer answers with the post as it reads back, without reading it") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto people = Seed(t);
  store::ContactRecord c;
  c.organisation_id = people.organisation;
  c.display_name = "Bea Young";  // written after Tom: a later id, an earlier name
  c.given_name = "Bea";
  c.family_name = "Young";
  const auto bea_id = store::ContactStore(t.db()).Create(c, "");
  REQUIRE(bea_id);
  store::ForumStore forums(t.db());
  auto thread = forums.CreateThread(Thread(people.ann, "Clinic rooms", "Free on Tuesdays?"), "");
  REQUIRE(thread);
  const auto ann = forums.Member(people.ann), tom = forums.Member(people.tom), bea = forums.Member(bea_id->id);
  REQUIRE((ann && tom && bea));

  store::ForumPostWriter writer(t.db());
  store::ForumPostRecord post;
  post.thread_id = thread->id;
  post.author = *tom;
  post.body = "Ask @tom.reid, @bea.young and @ann.patel (and @tom.reid again).";
  post.in_reply_to = forums.ListPosts(thread->id, {"", 0, 1})->items.front().id;  // the opening post
  post.mentions = {*tom, *bea, *ann, *tom};
  const auto written = writer.Write(post, "rooms-1");
  REQUIRE(written);
  const auto read = forums.GetPost(thread->id, written->id);
  REQUIRE(read);
  CHECK(written->body == read->body);
  CHECK(written->author.contact_id == read->author.contact_id);
  CHECK(written->author.display_name == read->author.display_name);
  CHECK(written->author.organisation_name == read->author.organisation_name);
  CHECK(written->in_reply_to == read->in_reply_to);
  CHECK(written->create_micros == read->create_micros);
  CHECK(written->edit_micros == read->edit_micros);
  auto ids = [](const std::vector<store::ForumMemberRecord>& members) {
    std::vector<std::int64_t> out;
    for (const auto& m : members) out.push_back(m.contact_id);
    return out;
  };
  // Each person once, by name: Ann, Bea, Tom (Bea's id is the highest).
  CHECK(ids(read->mentions) == std::vector<std::int64_t>{people.ann, bea_id->id, people.tom});
  CHECK(ids(written->mentions) == ids(read->mentions));

  // The same request again: the post written the first time, read back, not the new text.
  post.body = "Changed my mind.";
  const auto again = writer.Write(post, "rooms-1");
  REQUIRE(again);
  CHECK(again->id == written->id);
  CHECK(again->body == read->body);
  CHECK(again->create_micros == read->create_micros);
}

// The seeded people and one thread of Ann's, "Clinic rooms", on `backend`.
struct ClinicRooms {
  explicit ClinicRooms(Backend backend) : t(backend), people(Seed(t)), forums(t.db()) {
    auto made = forums.CreateThread(Thread(people.ann, "Clinic rooms", "Free on Tuesdays?"), "");
    REQUIRE(made);
    thread = *made;
  }
  TestDatabase t;
  People people;
  store::ForumStore forums;
  store::ForumThreadRecord thread;
};

TEST_CASE("forum store: the post writer refuses posts past its queue and after Stop, and answers every post it took") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ClinicRooms rooms(backend);
  auto& [t, people, forums, thread] = rooms;
  const auto ann = forums.Member(people.ann);
  REQUIRE(ann);
  auto post = [&](int n) {
    store::ForumPostRecord p;
    p.thread_id = thread.id;
    p.author = *ann;
    p.body = "Post " + std::to_string(n);
    return p;
  };

  // One post a batch, two waiting at most.
  store::ForumPostWriter writer(t.db(), 1, 2);
  std::mutex mu;
  std::condition_variable answered;
  std::map<int, Expected<store::ForumPostRecord>> answers;
  auto send = [&](int n) {
    writer.WriteAsync(post(n), "", {}, [&, n](Expected<store::ForumPostRecord> r) {
      std::lock_guard lock(mu);
      answers.emplace(n, std::move(r));
      answered.notify_all();
    });
    std::lock_guard lock(mu);
    auto it = answers.find(n);
    return it == answers.end() || it->second ? std::string() : it->second.error().reason;  // refused at once
  };

  std::set<int> taken;
  int sent = 0;
  std::thread stopper;
  {
    // Another writer holds the thread's row (and, on SQLite, the database's write lock), so the
    // post writer's first batch waits and the others queue behind it.
    store::PinnedSession blocker(t.db());
    REQUIRE(blocker.Open());
    store::Transaction held(blocker.session(), blocker.db());
    const long long thread_id = thread.id;
    blocker.session() << "UPDATE forum_threads SET title = title WHERE id = :id", soci::use(thread_id);

    // The first post is taken into a batch, which waits for the row: the queue is empty again.
    REQUIRE(send(sent).empty());
    taken.insert(sent++);
    const auto taken_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (writer.Queued() != 0 && std::chrono::steady_clock::now() < taken_by)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(writer.Queued() == 0);
    std::string refused;
    while (refused.empty() && sent < 50) {
      refused = send(sent);
      if (refused.empty()) taken.insert(sent);
      ++sent;
    }
    CHECK(refused == "POSTING_BUSY");
    CHECK(taken.size() == 3);  // one being written, two waiting
    CHECK(writer.Queued() == 2);

    // Stopping waits for the posts taken; meanwhile new ones are refused as the server going away.
    stopper = std::thread([&] { writer.Stop(); });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (refused != "SERVER_SHUTTING_DOWN" && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      refused = send(sent++);
    }
    CHECK(refused == "SERVER_SHUTTING_DOWN");
    std::lock_guard lock(mu);
    for (int n : taken) CHECK(answers.count(n) == 0);  // still held up
  }  // the other writer rolls back: the batch goes on
  stopper.join();

  // Once Stop has returned, every post taken is written and answered.
  std::lock_guard lock(mu);
  for (int n : taken) {
    INFO("post " << n);
    REQUIRE(answers.count(n) == 1);
    REQUIRE(answers.at(n));
    CHECK(answers.at(n)->body == "Post " + std::to_string(n));
  }
  CHECK(forums.GetThread(thread.id)->post_count == 1 + static_cast<std::int64_t>(taken.size()));
}

TEST_CASE("forum store: a reply's context reads the same on the reply checker's own connection, which has no memory map") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ClinicRooms rooms(backend);
  auto& [t, people, forums, thread] = rooms;
  const auto checker = store::ReplyCheckSession(t.db());

  const auto pooled = forums.ReplyContext(people.tom, thread.id);
  const auto own = forums.ReplyContext(people.tom, thread.id, checker.get());
  REQUIRE(pooled);
  REQUIRE(own);
  CHECK(own->author.contact_id == people.tom);
  CHECK(own->author.display_name == pooled->author.display_name);
  CHECK(own->thread_title == "Clinic rooms");
  CHECK(own->category_code == pooled->category_code);
  CHECK(own->category_roles == pooled->category_roles);
  CHECK(own->accepted_post_id == 0);
  if (backend == Backend::kSqlite) {
    long long mapped = -1;
    checker->session() << "PRAGMA mmap_size", soci::into(mapped);
    CHECK(mapped == 0);
  }

  // It sees what others commit after it first read.
  store::ForumPostWriter writer(t.db());
  const auto tom = forums.Member(people.tom);
  REQUIRE(tom);
  store::ForumPostRecord answer;
  answer.thread_id = thread.id;
  answer.author = *tom;
  answer.body = "Room 3 is.";
  const auto written = writer.Write(answer, "");
  REQUIRE(written);
  REQUIRE(forums.AcceptAnswer(thread.id, written->id));
  const auto later = forums.ReplyContext(people.ann, thread.id, checker.get());
  REQUIRE(later);
  CHECK(later->accepted_post_id == written->id);
  CHECK(forums.ReplyContext(people.ann, thread.id + 1000, checker.get()).error().reason == "THREAD_NOT_FOUND");
}
