#pragma once
// Group commit for forum posts. SQLite has one writer at a time, and each post's transaction
// paid for its own commit and its own full-text index segment, so sixteen people posting at
// once queued for ~1 ms each. Here the posts that arrive while a batch is being written wait
// together and go in the next batch: one transaction, one commit, one index segment, checked
// post by post (ForumStore::WritePosts), so that one refused post (a locked thread, say) fails
// alone. A writer thread does the writing, on a connection of its own (PinnedSession); callers
// wait for their own post.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "server/store/forum_store.h"

namespace kmhub::store {

class ForumPostWriter {
 public:
  explicit ForumPostWriter(std::shared_ptr<Database> db, std::size_t max_batch = 64);
  ~ForumPostWriter();  // writes what is queued, then stops
  ForumPostWriter(const ForumPostWriter&) = delete;
  ForumPostWriter& operator=(const ForumPostWriter&) = delete;

  // Blocks until `post` is written (or refused, with CreatePost's errors): its thread, author,
  // body, in_reply_to and mentions, records the caller has read to check it. Comes back as
  // written, with its id and time and its mentions in order, without being read back; a request
  // id seen before gives the post it wrote, read back.
  Expected<ForumPostRecord> Write(ForumPostRecord post, const std::string& request_id);

 private:
  struct Waiting {
    PostToWrite post;
    std::promise<Expected<WrittenPost>> written;
  };
  void Run();

  ForumStore store_;
  std::unique_ptr<PinnedSession> session_;  // the writer's own connection: its page cache lasts
  const std::size_t max_batch_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Waiting*> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kmhub::store
