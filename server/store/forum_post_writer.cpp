#include "server/store/forum_post_writer.h"

#include <vector>

#include "server/store/session.h"
#include "shared/thread_name.h"

namespace kmhub::store {

ForumPostWriter::ForumPostWriter(std::shared_ptr<Database> db, std::size_t max_batch)
    : store_(db), session_(std::make_unique<PinnedSession>(db)), max_batch_(max_batch == 0 ? 1 : max_batch) {
  thread_ = std::thread([this] {
    NameThisThread("kmhub-posts");
    Run();
  });
}

ForumPostWriter::~ForumPostWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Expected<ForumPostRecord> ForumPostWriter::Write(ForumPostRecord post, const std::string& request_id) {
  Waiting waiting{{{post.thread_id, post.author.contact_id, post.body, post.in_reply_to, ContactIds(post.mentions)},
                   request_id,
                   CurrentChangeAuthor()},
                  {}};
  auto written = waiting.written.get_future();
  {
    std::lock_guard lock(mu_);
    if (stop_) return Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; post again");
    queue_.push_back(&waiting);
  }
  wake_.notify_one();
  KMHUB_ASSIGN_OR_RETURN(const WrittenPost done, written.get());
  if (done.earlier) return store_.GetPost(post.thread_id, done.id);
  post.id = done.id;
  post.create_micros = done.create_micros;
  post.edit_micros = 0;
  OrderMentions(post.mentions);
  return post;
}

void ForumPostWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    std::vector<Waiting*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<PostToWrite> posts;
    posts.reserve(batch.size());
    for (auto* w : batch) posts.push_back(w->post);
    auto results = store_.WritePosts(posts, session_.get());
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->written.set_value(std::move(results[i]));
    lock.lock();
  }
}

}  // namespace kmhub::store
