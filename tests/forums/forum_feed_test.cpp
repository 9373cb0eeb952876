#include "server/forums/forum_feed.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace kmhub;
using namespace kmhub::api;

namespace {

struct Recorder final : ForumWatcher {
  std::vector<std::string> posts;
  int closed = 0;
  void Deliver(const ForumEventPtr& event) override { posts.push_back(event->post().name()); }
  void Close() override { ++closed; }
};

ForumEventPtr Event(const std::string& name) {
  auto e = std::make_shared<kmhub::v1::ForumEvent>();
  e->mutable_post()->set_name(name);
  return e;
}

}  // namespace

TEST_CASE("forum feed: a post's event is built only when a watcher wants it, and once for all of them") {
  ForumFeed feed(10);
  int built = 0;
  auto make = [&built](const std::string& name) {
    return [&built, name] {
      ++built;
      return Event(name);
    };
  };
  feed.Publish(1, 7, "benchmarking", make("forumThreads/7/posts/1"));  // nobody watches
  CHECK(built == 0);
  Recorder thread_watcher, category_watcher, elsewhere;
  REQUIRE(feed.Subscribe(&elsewhere, {8, "", 0}) == ForumFeed::Joined::kYes);
  feed.Publish(2, 7, "benchmarking", make("forumThreads/7/posts/2"));  // nobody of thread 7
  CHECK(built == 0);
  REQUIRE(feed.Subscribe(&thread_watcher, {7, "", 0}) == ForumFeed::Joined::kYes);
  REQUIRE(feed.Subscribe(&category_watcher, {0, "benchmarking", 0}) == ForumFeed::Joined::kYes);
  feed.Publish(3, 7, "benchmarking", make("forumThreads/7/posts/3"));
  CHECK(built == 1);
  CHECK(thread_watcher.posts == std::vector<std::string>{"forumThreads/7/posts/3"});
  CHECK(category_watcher.posts == std::vector<std::string>{"forumThreads/7/posts/3"});
  CHECK(elsewhere.posts.empty());
  feed.Close();
}

TEST_CASE("forum feed: a post reaches the watchers of its thread and of its category, no others") {
  ForumFeed feed(10);
  Recorder thread_watcher, category_watcher, elsewhere;
  REQUIRE(feed.Subscribe(&thread_watcher, {7, "", 0}) == ForumFeed::Joined::kYes);
  REQUIRE(feed.Subscribe(&category_watcher, {0, "benchmarking", 0}) == ForumFeed::Joined::kYes);
  REQUIRE(feed.Subscribe(&elsewhere, {8, "", 0}) == ForumFeed::Joined::kYes);
  feed.Publish(1, 7, "benchmarking", [] { return Event("forumThreads/7/posts/1"); });
  CHECK(thread_watcher.posts == std::vector<std::string>{"forumThreads/7/posts/1"});
  CHECK(category_watcher.posts == std::vector<std::string>{"forumThreads/7/posts/1"});
  CHECK(elsewhere.posts.empty());
  feed.Unsubscribe(&thread_watcher);
  feed.Publish(2, 7, "benchmarking", [] { return Event("forumThreads/7/posts/2"); });
  CHECK(thread_watcher.posts.size() == 1);
  CHECK(category_watcher.posts.size() == 2);
  CHECK(feed.watchers() == 2);
  feed.Close();
}

TEST_CASE("forum feed: full and closed feeds refuse watchers, and closing ends every watch") {
  ForumFeed feed(1);
  Recorder a, b;
  REQUIRE(feed.Subscribe(&a, {1, "", 0}) == ForumFeed::Joined::kYes);
  CHECK(feed.Subscribe(&b, {1, "", 0}) == ForumFeed::Joined::kFull);
  feed.Close();
  CHECK(a.closed == 1);
  CHECK(feed.Subscribe(&b, {1, "", 0}) == ForumFeed::Joined::kClosed);
  feed.Close();  // twice is harmless
  CHECK(a.closed == 1);
}

TEST_CASE("forum feed: polling publishes posts of other servers once, and only to watchers older than them") {
  ForumFeed feed(10);
  Recorder watcher;
  REQUIRE(feed.Subscribe(&watcher, {7, "", 0}) == ForumFeed::Joined::kYes);
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::atomic<int> polls{0};
  std::atomic<bool> written{false};
  // As in the server, polling starts before anything is published.
  feed.StartPolling(
      [&](std::int64_t) {
        if (!written) return std::vector<PolledPost>{};
        ++polls;
        // Every poll sees the same recent posts: one from before the watch, one written through
        // another server after it began, and the one this server published itself.
        return std::vector<PolledPost>{{1, 7, now - 60'000'000, "benchmarking", Event("forumThreads/7/posts/1")},
                                       {2, 7, now + 1'000'000, "benchmarking", Event("forumThreads/7/posts/2")},
                                       {3, 7, now + 1'000'000, "benchmarking", Event("forumThreads/7/posts/3")}};
      },
      std::chrono::milliseconds(5));
  feed.Publish(3, 7, "benchmarking", [] { return Event("forumThreads/7/posts/3"); });  // written through this server
  written = true;
  while (polls < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  feed.Close();
  CHECK(watcher.posts == std::vector<std::string>{"forumThreads/7/posts/3", "forumThreads/7/posts/2"});
}
