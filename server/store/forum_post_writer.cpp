#include "server/store/forum_post_writer.h"

#include <vector>

#include "shared/thread_name.h"

namespace kmhub::store {

ForumPostWriter::ForumPostWriter(std::shared_ptr<Database> db, std::size_t max_batch)
    : store_(std::move(db)), max_batch_(max_batch == 0 ? 1 : max_batch) {
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

Expected<ForumPostRecord> ForumPostWriter::Write(const NewForumPost& post, const std::string& request_id) {
  Waiting waiting{{post, request_id, CurrentChangeAuthor()}, {}};
  auto written = waiting.written.get_future();
  {
    std::lock_guard lock(mu_);
    if (stop_) return Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; post again");
    queue_.push_back(&waiting);
  }
  wake_.notify_one();
  KMHUB_ASSIGN_OR_RETURN(const std::int64_t id, written.get());
  return store_.GetPost(post.thread_id, id);
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
    auto results = store_.WritePosts(posts);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->written.set_value(std::move(results[i]));
    lock.lock();
  }
}

}  // namespace kmhub::store
