#pragma once
// Group commit for forum posts. SQLite has one writer at a time, and each post's transaction
// paid for its own commit and its own full-text index segment, so sixteen people posting at
// once queued for ~1 ms each. Here the posts that arrive while a batch is being written wait
// together and go in the next batch: one transaction, one commit, one index segment, checked
// post by post (ForumStore::WritePosts), so that one refused post (a locked thread, say) fails
// alone. A writer thread does the writing, on a connection of its own (PinnedSession).
//
// The callers of a batch of more than two posts are answered from a second thread: answering a
// post (mapping it, handing it to gRPC, which sends it from the thread that finishes the call)
// took a quarter of the writer thread's time, and the next batch waited for it (bench/). A batch
// of one or two (a third of batches under full load) is answered by the writer itself: waking the
// answer thread cost more, on two busy cores often a wait of its own (posting p99 at 16 calls
// lower in 7 of 11 interleaved pairs, median 10.4 against 11.1 ms: a small gain on a noisy
// machine, bench/). A batch with a post to read back (a request id seen before) still goes to the
// answer thread. Callers either wait (Write) or are called back (WriteAsync), so that no thread
// need sit waiting for its post.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "server/forums/forum_store.h"

namespace kmhub::store {

class ForumPostWriter {
 public:
  // At most `max_batch` posts a transaction; past `max_waiting` posts queued, more are refused
  // (RESOURCE_EXHAUSTED POSTING_BUSY) rather than queued without bound.
  explicit ForumPostWriter(std::shared_ptr<Database> db, std::size_t max_batch = 64,
                           std::size_t max_waiting = 4096);
  ~ForumPostWriter();  // Stop()
  ForumPostWriter(const ForumPostWriter&) = delete;
  ForumPostWriter& operator=(const ForumPostWriter&) = delete;

  using Done = std::function<void(Expected<ForumPostRecord>)>;

  // Queues `post` for the next batch: its thread, author, body, in_reply_to and mentions, records
  // the caller has read to check it; `author` is who asked, for the audit log. `done` gets the
  // post as written, with its id and time and its mentions in order, without its being read
  // back (a request id seen before gives the post it wrote, read back); or CreatePost's errors.
  // `done` runs on the writer's answer thread or on the writer's own (a small batch), or on this
  // one when the post is refused at once (the writer stopped: UNAVAILABLE; too many waiting:
  // RESOURCE_EXHAUSTED).
  void WriteAsync(ForumPostRecord post, std::string request_id, ChangeAuthor author, Done done);
  // The same, waiting for the answer; the author is this thread's (CurrentChangeAuthor).
  Expected<ForumPostRecord> Write(ForumPostRecord post, const std::string& request_id);

  // Posts queued for the next batch (not the one being written): what the queue limit counts.
  std::size_t Queued();

  // Writes and answers what is queued, then refuses new posts. Once it returns, no `done` runs
  // any more except a refusal's, on its caller's thread. Idempotent.
  void Stop();

 private:
  struct Waiting {
    ForumPostRecord post;  // as the caller checked it: what is written, and the answer once it is
    std::string request_id;
    ChangeAuthor author;
    Done done;
  };
  struct Answer {
    std::unique_ptr<Waiting> waiting;
    Expected<WrittenPost> written;
  };
  // Batches up to this size are answered on the writer's thread.
  static constexpr std::size_t kAnswerHereUpTo = 2;
  void WriteBatches();
  // Whether the writer answers a batch itself: a small one, none of whose posts is read back.
  static bool AnswerHere(const std::vector<Expected<WrittenPost>>& results);
  void AnswerBatches();
  Expected<ForumPostRecord> Written(ForumPostRecord post, Expected<WrittenPost> written);

  ForumStore store_;
  std::unique_ptr<PinnedSession> session_;  // the writer's own connection: its page cache lasts
  const std::size_t max_batch_, max_waiting_;

  std::mutex mu_;  // guards what follows
  std::condition_variable wake_writer_, wake_answerer_;
  std::deque<std::unique_ptr<Waiting>> queue_;
  std::vector<Answer> answers_;
  bool stop_ = false, answers_end_ = false;
  std::thread writer_, answerer_;
};

}  // namespace kmhub::store
