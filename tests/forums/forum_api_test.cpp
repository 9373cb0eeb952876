// ForumService on both databases: access by member role, locked threads, mentions, accepted
// answers, search ranking with stemming and snippets, watching with two clients, cancellation
// and shutdown, and the contributors a project gets from its threads.
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "kmhub/v1/forum.grpc.pb.h"
#include "server/forums/forum_store.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

struct Forum {
  std::string practice, trust, pct, consortium;
  std::string ann, tom, sue;  // contacts: PEC chair at a practice, consultant at the trust, PCT manager
  std::string project = "projects/P-FORUM-1";
};

Forum Seed(client::KmhubClient& client) {
  Forum f;
  f.practice = CreateOrganisation(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  f.trust = CreateOrganisation(client, "Riverside University Hospitals", kmhub::v1::ORGANISATION_KIND_ACUTE_TRUST, "RVH");
  f.pct = CreateOrganisation(client, "Riverside PCT", kmhub::v1::ORGANISATION_KIND_COMMISSIONER, "5PX");
  f.consortium = CreateOrganisation(client, "Fens Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  f.ann = CreateContact(client, f.practice, "Ann", "Patel", kmhub::v1::CLINICAL_ROLE_PEC_CHAIR);
  f.tom = CreateContact(client, f.trust, "Tom", "Reid", kmhub::v1::CLINICAL_ROLE_CONSULTANT);
  f.sue = CreateContact(client, f.pct, "Sue", "Grey", kmhub::v1::CLINICAL_ROLE_MANAGER);
  kmhub::v1::CreateProjectRequest p;
  p.mutable_project()->set_code("P-FORUM-1");
  p.mutable_project()->set_title("Community dermatology");
  p.mutable_project()->set_consortium(f.consortium);
  p.mutable_project()->set_lead_contact(f.sue);
  kmhub::v1::Project made;
  REQUIRE(client.CreateProject(p, &made).ok());
  return f;
}

grpc::Status OpenThread(client::KmhubClient& client, const std::string& category, const std::string& author,
                        const std::string& title, const std::string& body, kmhub::v1::ForumThread* out,
                        const std::vector<std::string>& projects = {}, const std::vector<std::string>& tags = {}) {
  kmhub::v1::CreateForumThreadRequest r;
  r.set_parent("forumCategories/" + category);
  r.set_author(author);
  r.set_body(body);
  r.mutable_thread()->set_title(title);
  for (const auto& p : projects) r.mutable_thread()->add_projects(p);
  for (const auto& t : tags) r.mutable_thread()->add_tags(t);
  return client.CreateForumThread(r, out);
}

kmhub::v1::ForumThread MustOpen(client::KmhubClient& client, const std::string& category, const std::string& author,
                                const std::string& title, const std::string& body,
                                const std::vector<std::string>& projects = {}, const std::vector<std::string>& tags = {}) {
  kmhub::v1::ForumThread out;
  const auto status = OpenThread(client, category, author, title, body, &out, projects, tags);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out;
}

grpc::Status Reply(client::KmhubClient& client, const std::string& thread, const std::string& author,
                   const std::string& body, kmhub::v1::ForumPost* out, const std::string& in_reply_to = "") {
  kmhub::v1::CreateForumPostRequest r;
  r.set_parent(thread);
  r.mutable_post()->mutable_author()->set_contact(author);
  r.mutable_post()->set_body(body);
  r.mutable_post()->set_in_reply_to(in_reply_to);
  return client.CreateForumPost(r, out);
}

kmhub::v1::ForumPost MustReply(client::KmhubClient& client, const std::string& thread, const std::string& author,
                               const std::string& body, const std::string& in_reply_to = "") {
  kmhub::v1::ForumPost out;
  const auto status = Reply(client, thread, author, body, &out, in_reply_to);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out;
}

std::vector<kmhub::v1::ForumPost> Posts(client::KmhubClient& client, const std::string& thread) {
  kmhub::v1::ListForumPostsRequest r;
  r.set_parent(thread);
  kmhub::v1::ListForumPostsResponse out;
  REQUIRE(client.ListForumPosts(r, &out).ok());
  return {out.posts().begin(), out.posts().end()};
}

kmhub::v1::SearchForumResponse Search(client::KmhubClient& client, kmhub::v1::SearchForumRequest r) {
  kmhub::v1::SearchForumResponse out;
  const auto status = client.SearchForum(r, &out);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out;
}

kmhub::v1::SearchForumRequest Query(const std::string& text) {
  kmhub::v1::SearchForumRequest r;
  r.set_query(text);
  return r;
}

}  // namespace

TEST_CASE("API: forum categories are open to member roles, and admins add more") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const Forum f = Seed(client);

  kmhub::v1::ListForumCategoriesResponse categories;
  REQUIRE(client.ListForumCategories(&categories).ok());
  REQUIRE(categories.categories_size() == 3);
  CHECK(categories.categories(0).name() == "forumCategories/benchmarking");
  CHECK(categories.categories(1).code() == "problem-solving");
  CHECK(categories.categories(2).code() == "idea-development");
  CHECK(categories.categories(0).roles_size() == 8);

  kmhub::v1::CreateForumCategoryRequest bad;
  bad.mutable_category()->set_code("PEC Chairs");
  bad.mutable_category()->set_title("");
  kmhub::v1::ForumCategory made;
  auto status = client.CreateForumCategory(bad, &made);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields ==
        std::vector<std::string>{"category.code", "category.title", "category.roles"});

  kmhub::v1::CreateForumCategoryRequest chairs;
  chairs.mutable_category()->set_code("pec-chairs");
  chairs.mutable_category()->set_title("PEC chairs");
  chairs.mutable_category()->add_roles(kmhub::v1::FORUM_ROLE_PEC_CHAIR);
  chairs.mutable_category()->add_roles(kmhub::v1::FORUM_ROLE_COMMISSIONER);
  REQUIRE(client.CreateForumCategory(chairs, &made).ok());
  CHECK(made.name() == "forumCategories/pec-chairs");
  CHECK(client.CreateForumCategory(chairs, &made).error_code() == grpc::StatusCode::ALREADY_EXISTS);

  // The consultant at the acute trust is neither a PEC chair nor PCT staff.
  kmhub::v1::ForumThread thread;
  status = OpenThread(client, "pec-chairs", f.tom, "Elective referral thresholds", "Can I join?", &thread);
  REQUIRE(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(DetailsOf(status).reason == "ROLE_NOT_IN_CATEGORY");
  CHECK(status.error_message().find("Tom Reid may not post in 'pec-chairs'") != std::string::npos);

  // The PEC chair may; her member roles come from her clinical role and her practice.
  thread = MustOpen(client, "pec-chairs", f.ann, "Agenda for the PEC away day", "Ideas welcome.");
  CHECK(thread.category() == "forumCategories/pec-chairs");
  REQUIRE(thread.author().roles_size() == 2);
  CHECK(thread.author().roles(0) == kmhub::v1::FORUM_ROLE_PEC_CHAIR);
  CHECK(thread.author().roles(1) == kmhub::v1::FORUM_ROLE_GENERAL_PRACTICE);
  CHECK(thread.author().organisation_display_name() == "Mill Road Surgery");

  // A reply follows the same rule: the consultant cannot reply there either.
  kmhub::v1::ForumPost post;
  status = Reply(client, thread.name(), f.tom, "Me too", &post);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(Reply(client, thread.name(), f.sue, "Room booked for the 14th.", &post).ok());

  // Unknown category and author.
  CHECK(OpenThread(client, "no-such", f.ann, "Title here", "Body", &thread).error_code() ==
        grpc::StatusCode::NOT_FOUND);
  CHECK(OpenThread(client, "benchmarking", f.practice + "/contacts/999999", "Title here", "Body", &thread)
            .error_code() == grpc::StatusCode::NOT_FOUND);
  status = OpenThread(client, "benchmarking", "", "  ", "", &thread);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"thread.title", "body"});

  // A reply's author and thread must exist, the author in the organisation its name gives.
  const auto open = MustOpen(client, "benchmarking", f.ann, "Referral rates by practice", "Ours are up.");
  const std::string nobody = f.practice + "/contacts/999999";
  status = Reply(client, open.name(), nobody, "Hello", &post);
  REQUIRE(status.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(DetailsOf(status).reason == "CONTACT_NOT_FOUND");
  CHECK(status.error_message().find(nobody) != std::string::npos);
  const std::string tom_elsewhere = f.practice + f.tom.substr(f.tom.find("/contacts/"));  // Tom is at the trust
  status = Reply(client, open.name(), tom_elsewhere, "Hello", &post);
  REQUIRE(status.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(DetailsOf(status).reason == "CONTACT_NOT_FOUND");
  status = Reply(client, "forumThreads/999999", f.ann, "Hello", &post);
  REQUIRE(status.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(DetailsOf(status).reason == "THREAD_NOT_FOUND");
  // An unknown author is reported before an unknown thread, as before the checks were read together.
  CHECK(DetailsOf(Reply(client, "forumThreads/999999", nobody, "Hello", &post)).reason == "CONTACT_NOT_FOUND");

  // The answer to a reply is the post as the thread lists it.
  const auto reply = MustReply(client, open.name(), f.sue, "@tom.reid and @[Ann Patel]: ours too.");
  const auto listed = Posts(client, open.name());
  REQUIRE(listed.size() == 2);
  CHECK(listed[1].SerializeAsString() == reply.SerializeAsString());
  CHECK(reply.mentions_size() == 2);
}

TEST_CASE("API: forum threads take replies, mentions and an accepted answer, and locked threads take nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const Forum f = Seed(client);

  const auto thread = MustOpen(client, "problem-solving", f.ann, "Discharge letters arrive late",
                               "Letters from the trust take **three weeks**. @tom.reid, can we fix this? "
                               "(write to letters@riverside.nhs.uk)",
                               {f.project}, {"discharge", "letters"});
  CHECK(thread.state() == kmhub::v1::THREAD_STATE_OPEN);
  CHECK(thread.post_count() == 1);
  CHECK(thread.projects(0) == f.project);
  CHECK(thread.tags_size() == 2);
  auto posts = Posts(client, thread.name());
  REQUIRE(posts.size() == 1);
  REQUIRE(posts[0].mentions_size() == 1);  // the e-mail address is not a mention
  CHECK(posts[0].mentions(0).contact() == f.tom);

  const auto tom_reply = MustReply(client, thread.name(), f.tom,
                                   "We now send them electronically the same day. @[Sue Grey] can confirm.",
                                   posts[0].name());
  CHECK(tom_reply.in_reply_to() == posts[0].name());
  REQUIRE(tom_reply.mentions_size() == 1);
  CHECK(tom_reply.mentions(0).display_name() == "Sue Grey");
  // The post writer's thread records the reply as the caller's, like the thread it answers.
  kmhub::v1::ListAuditEventsRequest audit;
  audit.set_resource(thread.name());
  kmhub::v1::ListAuditEventsResponse events;
  REQUIRE(client.ListAuditEvents(audit, &events).ok());
  REQUIRE(events.events_size() == 2);  // newest first: the reply, then the opening
  CHECK(events.events(0).resource() == tom_reply.name());
  CHECK(events.events(0).method() == "CreateForumPost");
  CHECK(events.events(0).summary() == "posted");
  CHECK(events.events(1).method() == "CreateForumThread");
  CHECK(events.events(0).actor() == events.events(1).actor());
  CHECK(events.events(0).actor() != "system");
  CHECK_FALSE(events.events(0).request_id().empty());
  MustReply(client, thread.name(), f.sue, "Confirmed: " + std::string("@[") + f.ann + "] see the new pathway.");

  // Mentions that name nobody, or several people, are refused with a way out.
  kmhub::v1::ForumPost post;
  auto status = Reply(client, thread.name(), f.sue, "Thanks @tom.reed and @[Nobody Here]", &post);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "UNRESOLVED_MENTION");
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"post.body", "post.body"});
  CHECK(status.error_message().find("@tom.reed names no contact") != std::string::npos);
  CreateContact(client, f.trust, "Ann", "Patel", kmhub::v1::CLINICAL_ROLE_NURSE);
  status = Reply(client, thread.name(), f.sue, "@ann.patel which of you?", &post);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(status.error_message().find("could be any of 2 contacts") != std::string::npos);
  // Mentions inside code are text.
  CHECK(Reply(client, thread.name(), f.sue, "Use `@ann.patel` in the template.", &post).ok());
  CHECK(post.mentions_size() == 0);

  // The question cannot answer itself; a reply can.
  kmhub::v1::AcceptForumAnswerRequest accept;
  accept.set_thread(thread.name());
  accept.set_post(posts[0].name());
  kmhub::v1::ForumThread answered;
  status = client.AcceptForumAnswer(accept, &answered);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(status).reason == "OPENING_POST");
  accept.set_post(tom_reply.name());
  REQUIRE(client.AcceptForumAnswer(accept, &answered).ok());
  CHECK(answered.state() == kmhub::v1::THREAD_STATE_SOLVED);
  CHECK(answered.accepted_post() == tom_reply.name());
  posts = Posts(client, thread.name());
  REQUIRE(posts.size() == 4);
  CHECK(posts[1].accepted());
  CHECK_FALSE(posts[2].accepted());

  // Locked: no replies, no answer changes; unlocking returns it to solved.
  kmhub::v1::LockForumThreadRequest lock;
  lock.set_name(thread.name());
  lock.set_locked(true);
  kmhub::v1::ForumThread locked;
  REQUIRE(client.LockForumThread(lock, &locked).ok());
  CHECK(locked.state() == kmhub::v1::THREAD_STATE_LOCKED);
  CHECK(locked.accepted_post() == tom_reply.name());
  status = Reply(client, thread.name(), f.ann, "One more thing", &post);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(status).reason == "THREAD_LOCKED");
  accept.set_post("");
  CHECK(client.AcceptForumAnswer(accept, &answered).error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(Posts(client, thread.name()).size() == 4);
  lock.set_locked(false);
  REQUIRE(client.LockForumThread(lock, &locked).ok());
  CHECK(locked.state() == kmhub::v1::THREAD_STATE_SOLVED);
  // Withdrawing the answer opens the thread again.
  REQUIRE(client.AcceptForumAnswer(accept, &answered).ok());
  CHECK(answered.state() == kmhub::v1::THREAD_STATE_OPEN);
  CHECK(answered.accepted_post().empty());

  // Editing keeps the post, sets edit_time, and its mentions follow the new text.
  kmhub::v1::UpdateForumPostRequest edit;
  edit.mutable_post()->set_name(tom_reply.name());
  edit.mutable_post()->set_body("Sent electronically the same day since March; ask @ann.patel?");
  status = client.UpdateForumPost(edit, &post);
  INFO(status.error_message());
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);  // two Ann Patels now
  edit.mutable_post()->set_body("Sent electronically the same day since March, says @sue.grey.");
  REQUIRE(client.UpdateForumPost(edit, &post).ok());
  CHECK(post.has_edit_time());
  REQUIRE(post.mentions_size() == 1);
  CHECK(post.mentions(0).contact() == f.sue);

  // Listing threads by tag, project and state.
  MustOpen(client, "benchmarking", f.sue, "Referral rates by consortium", "Figures attached.", {}, {"referrals"});
  kmhub::v1::ListForumThreadsRequest list;
  kmhub::v1::ListForumThreadsResponse threads;
  REQUIRE(client.ListForumThreads(list, &threads).ok());
  REQUIRE(threads.threads_size() == 2);
  CHECK(threads.threads(0).title() == "Referral rates by consortium");  // most recently active first
  list.set_tag("letters");
  REQUIRE(client.ListForumThreads(list, &threads).ok());
  REQUIRE(threads.threads_size() == 1);
  CHECK(threads.threads(0).name() == thread.name());
  list.Clear();
  list.set_project(f.project);
  REQUIRE(client.ListForumThreads(list, &threads).ok());
  CHECK(threads.threads_size() == 1);
  list.Clear();
  list.set_category("forumCategories/benchmarking");
  list.set_page_size(1);
  REQUIRE(client.ListForumThreads(list, &threads).ok());
  CHECK(threads.threads_size() == 1);
  CHECK(threads.next_page_token().empty());
}

TEST_CASE("API: forum search ranks titles first, stems words, highlights snippets and filters") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const Forum f = Seed(client);

  const auto referrals = MustOpen(client, "benchmarking", f.sue, "Referral rates for dermatology by practice",
                                  "Mill Road refers twice the consortium average.", {f.project}, {"dermatology"});
  const auto letters = MustOpen(client, "problem-solving", f.ann, "Discharge letters arrive late",
                                "Three weeks on average, which delays follow-up and some referrals back to us.");
  MustReply(client, letters.name(), f.tom, "The new electronic discharge letters go live in March.");
  MustOpen(client, "idea-development", f.tom, "Community ophthalmology service",
           "Glaucoma monitoring in the community, run by optometrists.");

  // "referrals" finds "Referral" (stemmed) in both; the title match ranks first.
  auto found = Search(client, Query("referrals"));
  REQUIRE(found.hits_size() == 2);
  CHECK(found.total() == 2);
  CHECK(found.hits(0).post().thread() == referrals.name());
  CHECK(found.hits(0).thread_title() == "Referral rates for dermatology by practice");
  CHECK(found.hits(0).category() == "forumCategories/benchmarking");
  CHECK(found.hits(0).relevance() > found.hits(1).relevance());
  CHECK(found.hits(1).snippet().find("**referrals**") != std::string::npos);
  CHECK(found.hits(0).post().author().contact() == f.sue);

  // Phrases, exclusions, every word required, punctuation harmless.
  found = Search(client, Query("\"discharge letters\""));
  CHECK(found.hits_size() == 2);
  found = Search(client, Query("discharge -electronic"));
  REQUIRE(found.hits_size() == 1);
  CHECK(found.hits(0).post().name() == Posts(client, letters.name())[0].name());
  CHECK(Search(client, Query("glaucoma referrals")).hits_size() == 0);
  CHECK(Search(client, Query("glaucoma: (optometrists")).hits_size() == 1);
  CHECK(Search(client, Query("\"unclosed quote glaucoma")).hits_size() == 0);

  // Filters: category, tag, project, author, dates.
  auto r = Query("referrals");
  r.set_category("forumCategories/problem-solving");
  CHECK(Search(client, r).hits_size() == 1);
  r = Query("referrals");
  r.set_project(f.project);
  found = Search(client, r);
  REQUIRE(found.hits_size() == 1);
  CHECK(found.hits(0).post().thread() == referrals.name());
  r = Query("referrals");
  r.set_tag("dermatology");
  CHECK(Search(client, r).hits_size() == 1);
  r = Query("referrals");
  r.set_author(f.ann);
  found = Search(client, r);
  REQUIRE(found.hits_size() == 1);
  CHECK(found.hits(0).post().thread() == letters.name());
  r = Query("referrals");
  r.set_to_date("2000-01-01");
  CHECK(Search(client, r).hits_size() == 0);
  r = Query("referrals");
  r.set_from_date("2000-01-01");
  CHECK(Search(client, r).hits_size() == 2);

  // Pages of one.
  r = Query("discharge");
  r.set_page_size(1);
  found = Search(client, r);
  REQUIRE(found.hits_size() == 1);
  CHECK(found.total() == 2);
  REQUIRE_FALSE(found.next_page_token().empty());
  const std::string first = found.hits(0).post().name();
  r.set_page_token(found.next_page_token());
  found = Search(client, r);
  REQUIRE(found.hits_size() == 1);
  CHECK(found.hits(0).post().name() != first);
  CHECK(found.next_page_token().empty());

  // Queries that search for nothing are refused.
  kmhub::v1::SearchForumResponse out;
  auto status = client.SearchForum(Query("-glaucoma"), &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "EMPTY_QUERY");
  status = client.SearchForum(Query("  ;; "), &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  r = Query("referrals");
  r.set_from_date("last week");
  status = client.SearchForum(r, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"from_date"});

  // An edit re-indexes the post.
  kmhub::v1::UpdateForumPostRequest edit;
  edit.mutable_post()->set_name(Posts(client, letters.name())[1].name());
  edit.mutable_post()->set_body("The new electronic letters are delayed until June.");
  kmhub::v1::ForumPost post;
  REQUIRE(client.UpdateForumPost(edit, &post).ok());
  CHECK(Search(client, Query("june")).hits_size() == 1);
  CHECK(Search(client, Query("march")).hits_size() == 0);
}

TEST_CASE("API: two watchers see new posts as they are written, and a watch ends on cancel and on shutdown") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const Forum f = Seed(client);
  const auto thread = MustOpen(client, "problem-solving", f.ann, "Discharge letters arrive late", "Three weeks.");
  const auto other = MustOpen(client, "benchmarking", f.sue, "Referral rates", "Figures attached.");

  auto first_client = server.ClientWith(server.admin_token());
  auto second_client = server.ClientWith(server.admin_token());
  kmhub::v1::WatchForumRequest by_thread;
  by_thread.set_thread(thread.name());
  auto first = first_client->WatchForum(by_thread, std::chrono::seconds(60));
  auto second = second_client->WatchForum(by_thread, std::chrono::seconds(60));
  kmhub::v1::WatchForumRequest by_category;
  by_category.set_category("forumCategories/problem-solving");
  auto third = client.WatchForum(by_category, std::chrono::seconds(60));

  kmhub::v1::ForumEvent event;
  for (auto* watch : {first.get(), second.get(), third.get()}) {
    REQUIRE(watch->Read(&event));
    CHECK(event.ready());
  }
  CHECK(server.server().forum_watchers() == 3);
  // Idle watchers hold no database connection.
  CHECK(server.database().db()->connections_in_use() == 0);

  MustReply(client, other.name(), f.tom, "Not for the thread watchers.");
  const auto reply = MustReply(client, thread.name(), f.tom, "Electronic letters from March.");
  for (auto* watch : {first.get(), second.get(), third.get()}) {
    REQUIRE(watch->Read(&event));
    REQUIRE(event.has_post());
    CHECK(event.post().name() == reply.name());
    CHECK(event.post().body() == "Electronic letters from March.");
    CHECK(event.post().author().display_name() == "Tom Reid");
    CHECK(event.thread_title() == "Discharge letters arrive late");
  }
  // A new thread in the category reaches the category's watcher.
  const auto opened = MustOpen(client, "problem-solving", f.sue, "Phlebotomy waits", "Two weeks at the hospital.");
  REQUIRE(third->Read(&event));
  CHECK(event.post().thread() == opened.name());

  // The first watcher cancels: its stream ends, the second still gets posts.
  first->Cancel();
  while (first->Read(&event)) {
  }
  CHECK(first->Finish().error_code() == grpc::StatusCode::CANCELLED);
  const auto later = MustReply(client, thread.name(), f.ann, "Thank you.");
  REQUIRE(second->Read(&event));
  CHECK(event.post().name() == later.name());
  for (int i = 0; i < 500 && server.server().forum_watchers() != 2; ++i)  // up to 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(server.server().forum_watchers() == 2);

  // Shutdown ends the remaining watches at once, with a status that says why.
  const auto started = std::chrono::steady_clock::now();
  server.server().Shutdown(std::chrono::seconds(10));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  for (auto* watch : {second.get(), third.get()}) {
    while (watch->Read(&event)) {  // the category watcher has "later" still to read
    }
    const auto status = watch->Finish();
    CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
    CHECK(DetailsOf(status).reason == "SERVER_SHUTTING_DOWN");
  }
}

TEST_CASE("API: a watcher that falls too far behind is ended with RESOURCE_EXHAUSTED, not held in memory") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  api::ServerOptions options;
  options.max_watch_backlog = 5;
  TestServer server(backend, options);
  auto& client = server.client();
  const Forum f = Seed(client);
  const auto thread = MustOpen(client, "problem-solving", f.ann, "Discharge letters arrive late", "Three weeks.");
  // A watcher on a channel of its own with HTTP/2's smallest windows (64 KiB, no growing them):
  // once it stops reading, the server cannot hand more than that to the connection.
  grpc::ChannelArguments small_window;
  small_window.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  small_window.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 65536);
  const auto channel = grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), small_window);
  auto stub = kmhub::v1::ForumService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + server.admin_token());
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  kmhub::v1::WatchForumRequest by_thread;
  by_thread.set_thread(thread.name());
  auto watch = stub->WatchForum(&ctx, by_thread);
  kmhub::v1::ForumEvent event;
  REQUIRE(watch->Read(&event));
  REQUIRE(event.ready());
  // The watcher stops reading. Posts of ~19 KB fill the 64 KiB window after a few, then the
  // server's backlog of 5; 60 are far more than both.
  std::string body;
  while (body.size() < 19000) body += "Referral letters reach the practice weeks late. ";
  constexpr int kPosts = 60;
  for (int i = 0; i < kPosts; ++i) MustReply(client, thread.name(), f.tom, body);
  int delivered = 0;
  while (watch->Read(&event)) ++delivered;
  const auto status = watch->Finish();
  CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(DetailsOf(status).reason == "WATCH_TOO_SLOW");
  CHECK(delivered < kPosts);
  // Ended watchers are let go; a new watch starts afresh.
  for (int i = 0; i < 500 && server.server().forum_watchers() != 0; ++i)  // up to 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(server.server().forum_watchers() == 0);
}

TEST_CASE("API: a watch names exactly one existing thread or category") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  kmhub::v1::ForumEvent event;
  for (const auto& [thread, category, code] :
       std::vector<std::tuple<std::string, std::string, grpc::StatusCode>>{
           {"", "", grpc::StatusCode::INVALID_ARGUMENT},
           {"forumThreads/1", "forumCategories/benchmarking", grpc::StatusCode::INVALID_ARGUMENT},
           {"forumThreads/999", "", grpc::StatusCode::NOT_FOUND},
           {"", "forumCategories/nothing-here", grpc::StatusCode::NOT_FOUND},
           {"threads/1", "", grpc::StatusCode::INVALID_ARGUMENT}}) {
    kmhub::v1::WatchForumRequest r;
    r.set_thread(thread);
    r.set_category(category);
    auto watch = client.WatchForum(r, std::chrono::seconds(10));
    CHECK_FALSE(watch->Read(&event));
    CHECK(watch->Finish().error_code() == code);
  }
  CHECK(server.server().forum_watchers() == 0);
}

TEST_CASE("API: a project's contributors are its lead, its update authors and who posted in its threads") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const Forum f = Seed(client);

  kmhub::v1::ListProjectContributorsResponse contributors;
  REQUIRE(client.ListProjectContributors(f.project, &contributors).ok());
  REQUIRE(contributors.contributors_size() == 1);  // the lead
  CHECK(contributors.contributors(0).contact() == f.sue);
  CHECK(contributors.contributors(0).roles(0) == kmhub::v1::CONTRIBUTOR_ROLE_LEAD);
  CHECK_FALSE(contributors.contributors(0).has_first_contribution_time());

  const auto linked = MustOpen(client, "idea-development", f.ann, "Dermatology in the community",
                               "A GPwSI clinic at Mill Road?", {f.project});
  MustReply(client, linked.name(), f.ann, "Draft business case attached.");
  MustReply(client, linked.name(), f.tom, "The trust would support it.");
  const auto unlinked = MustOpen(client, "benchmarking", f.tom, "Elsewhere", "Not about the project.");
  MustReply(client, unlinked.name(), f.tom, "Still not.");
  kmhub::v1::CreateStatusUpdateRequest update;
  update.set_parent(f.project);
  update.mutable_status_update()->set_date("2010-02-01");
  update.mutable_status_update()->set_narrative("Clinic rooms agreed.");
  update.mutable_status_update()->set_rag(kmhub::v1::RAG_GREEN);
  update.mutable_status_update()->set_author(f.tom);
  kmhub::v1::StatusUpdate written;
  REQUIRE(client.CreateStatusUpdate(update, &written).ok());

  REQUIRE(client.ListProjectContributors(f.project, &contributors).ok());
  REQUIRE(contributors.contributors_size() == 3);
  const auto& ann = contributors.contributors(0);  // 2 posts; Tom has 1 post and 1 update
  const auto& tom = contributors.contributors(1);
  const auto& sue = contributors.contributors(2);
  CHECK(ann.contact() == f.ann);
  CHECK(ann.post_count() == 2);
  CHECK(ann.update_count() == 0);
  CHECK(ann.clinical_role() == "CLINICAL_ROLE_PEC_CHAIR");
  CHECK(ann.organisation_display_name() == "Mill Road Surgery");
  CHECK(ann.first_contribution_time().seconds() <= ann.last_contribution_time().seconds());
  CHECK(tom.contact() == f.tom);
  CHECK(tom.post_count() == 1);
  CHECK(tom.update_count() == 1);
  REQUIRE(tom.roles_size() == 2);
  CHECK(tom.roles(0) == kmhub::v1::CONTRIBUTOR_ROLE_UPDATE_AUTHOR);
  CHECK(tom.roles(1) == kmhub::v1::CONTRIBUTOR_ROLE_FORUM_POSTER);
  // The update's date (2010) is his first contribution; his post today the last.
  CHECK(tom.first_contribution_time().seconds() == 1264982400);
  CHECK(tom.last_contribution_time().seconds() > 1600000000);
  CHECK(sue.contact() == f.sue);
  CHECK(sue.post_count() == 0);

  kmhub::v1::GetProjectStatusRequest status_request;
  status_request.set_name(f.project);
  kmhub::v1::ProjectStatus status;
  REQUIRE(client.GetProjectStatus(status_request, &status).ok());
  CHECK(status.contributor_count() == 3);

  kmhub::v1::ListProjectContributorsResponse none;
  CHECK(client.ListProjectContributors("projects/NOPE", &none).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: with polling on, a watcher sees posts written through another server of the database, once each") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  api::ServerOptions options;
  options.forum_poll_ms = 50;
  TestServer first(backend, options);
  const Forum f = Seed(first.client());
  const auto thread = MustOpen(first.client(), "problem-solving", f.ann, "Discharge letters arrive late", "Three weeks.");

  // A second server on the same database, as behind a load balancer.
  options.listen_address = "127.0.0.1:0";
  options.worker_threads = 4;
  auto started = api::KmhubServer::Start(options, first.database().db());
  REQUIRE(started);
  auto second = std::move(*started);
  client::ClientOptions on_second;
  on_second.server = second->address();
  auto second_client = first.ClientWith(first.admin_token(), on_second);

  kmhub::v1::WatchForumRequest by_thread;
  by_thread.set_thread(thread.name());
  auto watch = second_client->WatchForum(by_thread, std::chrono::seconds(30));
  kmhub::v1::ForumEvent event;
  REQUIRE(watch->Read(&event));
  REQUIRE(event.ready());

  const auto elsewhere = MustReply(first.client(), thread.name(), f.tom, "Written through the first server.");
  REQUIRE(watch->Read(&event));
  CHECK(event.post().name() == elsewhere.name());
  CHECK(event.post().author().display_name() == "Tom Reid");
  CHECK(event.thread_title() == "Discharge letters arrive late");
  // A post through the watcher's own server arrives once, although polling finds it too.
  const auto here = MustReply(*second_client, thread.name(), f.sue, "Written through the second server.");
  REQUIRE(watch->Read(&event));
  CHECK(event.post().name() == here.name());
  const auto again = MustReply(first.client(), thread.name(), f.ann, "And the first again.");
  REQUIRE(watch->Read(&event));
  CHECK(event.post().name() == again.name());

  second->Shutdown(std::chrono::seconds(5));
  while (watch->Read(&event)) {
    CHECK(event.post().name() != here.name());  // nothing twice
  }
  CHECK(watch->Finish().error_code() == grpc::StatusCode::UNAVAILABLE);
}

TEST_CASE("API: sixteen people posting as the server shuts down each get an answer, and every post answered OK is kept") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto f = Seed(server.client());
  const auto thread = MustOpen(server.client(), "benchmarking", f.ann, "Referral rates by practice", "Ours are up.");

  client::ClientOptions once;
  once.max_attempts = 1;  // each answer as the server gave it
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::map<grpc::StatusCode, std::string> failures;
  std::atomic<int> answered_ok{0};
  std::vector<std::thread> posters;
  for (int w = 0; w < 16; ++w)
    posters.emplace_back([&, w] {
      auto client = server.ClientWith(server.admin_token(), once);
      for (int i = 0;; ++i) {
        const std::string body = "Poster " + std::to_string(w) + ", post " + std::to_string(i) + ".";
        kmhub::v1::ForumPost out;
        const auto status = Reply(*client, thread.name(), f.ann, body, &out);
        std::lock_guard lock(mu);
        if (!status.ok()) {
          failures[status.error_code()] = status.error_message();
          return;
        }
        acknowledged.insert(body);
        ++answered_ok;
      }
    });
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (answered_ok < 100 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.server().Shutdown(std::chrono::milliseconds(0));  // cuts off the calls in flight
  for (auto& p : posters) p.join();

  REQUIRE(answered_ok >= 100);
  CHECK(failures.size() >= 1);
  for (const auto& [code, message] : failures) {
    INFO("code " << code << ": " << message);
    CHECK(client::IsRetryable(code));  // nothing the caller cannot simply send again
  }
  store::ForumStore forums(server.database().db());
  const auto stored = forums.ListPosts(IdOf(thread.name()), {"", 0, 100000});
  REQUIRE(stored);
  std::map<std::string, int> copies;
  for (const auto& p : stored->items) ++copies[p.body];
  for (const auto& body : acknowledged) {
    INFO(body);
    CHECK(copies[body] == 1);
  }
}
