#include "server/forums/forum_post_writer.h"

#include <algorithm>
#include <future>

#include "server/platform/db/session.h"
#include "shared/thread_name.h"

namespace kmhub::store {

ForumPostWriter::ForumPostWriter(std::shared_ptr<Database> db, std::size_t max_batch, std::size_t max_waiting)
    : store_(db),
      session_(std::make_unique<PinnedSession>(db)),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      max_waiting_(max_waiting == 0 ? 1 : max_waiting) {
  writer_ = std::thread([this] {
    NameThisThread("kmhub-posts");
    WriteBatches();
  });
  answerer_ = std::thread([this] {
    NameThisThread("kmhub-answers");
    AnswerBatches();
  });
}

ForumPostWriter::~ForumPostWriter() { Stop(); }

std::size_t ForumPostWriter::Queued() {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void ForumPostWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_writer_.notify_all();
  if (writer_.joinable()) writer_.join();  // after the last batch is written
  {
    std::lock_guard lock(mu_);
    answers_end_ = true;
  }
  wake_answerer_.notify_all();
  if (answerer_.joinable()) answerer_.join();  // after the last batch is answered
}

void ForumPostWriter::WriteAsync(ForumPostRecord post, std::string request_id, ChangeAuthor author, Done done) {
  auto waiting =
      std::make_unique<Waiting>(Waiting{std::move(post), std::move(request_id), std::move(author), std::move(done)});
  Error refused;
  {
    std::lock_guard lock(mu_);
    if (stop_)
      refused = Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; post again");
    else if (queue_.size() >= max_waiting_)
      refused = ResourceExhausted("POSTING_BUSY",
                                  std::to_string(queue_.size()) + " posts are waiting to be written; post again shortly",
                                  1000);
    else
      queue_.push_back(std::move(waiting));
  }
  if (waiting) {
    waiting->done(std::move(refused));
    return;
  }
  wake_writer_.notify_one();
}

Expected<ForumPostRecord> ForumPostWriter::Write(ForumPostRecord post, const std::string& request_id) {
  std::promise<Expected<ForumPostRecord>> answer;
  auto answered = answer.get_future();
  WriteAsync(std::move(post), request_id, CurrentChangeAuthor(),
             [&answer](Expected<ForumPostRecord> written) { answer.set_value(std::move(written)); });
  return answered.get();
}

void ForumPostWriter::WriteBatches() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_writer_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    std::vector<std::unique_ptr<Waiting>> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<PostToWrite> posts;
    posts.reserve(batch.size());
    for (const auto& w : batch) {
      const auto& p = w->post;
      posts.push_back({{p.thread_id, p.author.contact_id, p.body, p.in_reply_to, ContactIds(p.mentions)},
                       w->request_id,
                       w->author});
    }
    auto results = store_.WritePosts(posts, session_.get());
    if (AnswerHere(results)) {
      for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i]->done(Written(std::move(batch[i]->post), std::move(results[i])));
      lock.lock();
      continue;
    }
    lock.lock();
    for (std::size_t i = 0; i < batch.size(); ++i) answers_.push_back({std::move(batch[i]), std::move(results[i])});
    wake_answerer_.notify_one();
  }
}

bool ForumPostWriter::AnswerHere(const std::vector<Expected<WrittenPost>>& results) {
  if (results.size() > kAnswerHereUpTo) return false;
  // A post written before under the same request id is read back from the database: not on
  // the thread every post waits for.
  return std::none_of(results.begin(), results.end(), [](const auto& r) { return r && r->earlier; });
}

void ForumPostWriter::AnswerBatches() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_answerer_.wait(lock, [this] { return answers_end_ || !answers_.empty(); });
    if (answers_.empty()) return;  // stopping (the writer has stopped), and everyone answered
    auto ready = std::move(answers_);
    answers_.clear();
    lock.unlock();
    for (auto& a : ready) a.waiting->done(Written(std::move(a.waiting->post), std::move(a.written)));
    lock.lock();
  }
}

Expected<ForumPostRecord> ForumPostWriter::Written(ForumPostRecord post, Expected<WrittenPost> written) {
  KMHUB_ASSIGN_OR_RETURN(const WrittenPost done, std::move(written));
  if (done.earlier) return store_.GetPost(post.thread_id, done.id);
  post.id = done.id;
  post.create_micros = done.create_micros;
  post.edit_micros = 0;
  OrderMentions(post.mentions);
  return post;
}

}  // namespace kmhub::store
