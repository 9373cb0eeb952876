#pragma once
// ForumService: thin handlers over ForumStore and the forum rules. WatchForum and CreateForumPost
// are async methods, served from AsyncQueues (forum_watch, forum_post_call); this
// class checks their requests and writes the posts.

#include <functional>
#include <memory>

#include "server/platform/rpc/authorizer.h"
#include "server/forums/forum_feed.h"
#include "server/forums/forum_service.h"
#include "server/forums/forum_post_writer.h"
#include "server/forums/forum_store.h"
#include "server/projects/project_store.h"
#include "shared/resource_name.h"

namespace kmhub::api {

class ForumApi final : public ForumServiceBase {
 public:
  ForumApi(std::shared_ptr<store::Database> db, Authorizer& auth, std::shared_ptr<ForumFeed> feed, int max_page_size)
      : auth_(auth),
        forums_(db),
        posts_(db),
        checks_(store::ReplyCheckSession(db)),
        projects_(db),
        feed_(std::move(feed)),
        max_page_size_(max_page_size) {}

  grpc::Status ListForumCategories(grpc::ServerContext* ctx, const kmhub::v1::ListForumCategoriesRequest* req,
                                   kmhub::v1::ListForumCategoriesResponse* out) override;
  grpc::Status CreateForumCategory(grpc::ServerContext* ctx, const kmhub::v1::CreateForumCategoryRequest* req,
                                   kmhub::v1::ForumCategory* out) override;
  grpc::Status CreateForumThread(grpc::ServerContext* ctx, const kmhub::v1::CreateForumThreadRequest* req,
                                 kmhub::v1::ForumThread* out) override;
  grpc::Status GetForumThread(grpc::ServerContext* ctx, const kmhub::v1::GetForumThreadRequest* req,
                              kmhub::v1::ForumThread* out) override;
  grpc::Status ListForumThreads(grpc::ServerContext* ctx, const kmhub::v1::ListForumThreadsRequest* req,
                                kmhub::v1::ListForumThreadsResponse* out) override;
  // CreateForumPost, from its AsyncQueue's thread only: checks the request and queues the post
  // for the post writer's next batch. `answer` gets the call's status (`out` filled when OK) on
  // the writer's answer thread, or at once on this thread when the request is refused.
  void CreatePost(grpc::ServerContextBase* ctx, const kmhub::v1::CreateForumPostRequest& req, kmhub::v1::ForumPost* out,
                  std::function<void(const grpc::Status&)> answer);
  // Answers the posts queued, then refuses new ones (UNAVAILABLE). Before the AsyncQueue that
  // finishes their calls shuts down.
  void StopPosting() { posts_.Stop(); }
  grpc::Status ListForumPosts(grpc::ServerContext* ctx, const kmhub::v1::ListForumPostsRequest* req,
                              kmhub::v1::ListForumPostsResponse* out) override;
  grpc::Status UpdateForumPost(grpc::ServerContext* ctx, const kmhub::v1::UpdateForumPostRequest* req,
                               kmhub::v1::ForumPost* out) override;
  grpc::Status AcceptForumAnswer(grpc::ServerContext* ctx, const kmhub::v1::AcceptForumAnswerRequest* req,
                                 kmhub::v1::ForumThread* out) override;
  grpc::Status LockForumThread(grpc::ServerContext* ctx, const kmhub::v1::LockForumThreadRequest* req,
                               kmhub::v1::ForumThread* out) override;
  grpc::Status SearchForum(grpc::ServerContext* ctx, const kmhub::v1::SearchForumRequest* req,
                           kmhub::v1::SearchForumResponse* out) override;
  // A WatchForum request, authorized and checked: what to watch.
  Expected<WatchTarget> CheckWatch(grpc::ServerContextBase* ctx, const kmhub::v1::WatchForumRequest& req);

  // Watchers also get posts written through other servers of the database, found every `every`.
  void PollForOtherServers(std::chrono::milliseconds every);

 private:
  // A CreateForumPost request checked: the post to write, who asked, and what the answer and the
  // watchers need of its thread.
  struct CheckedPost {
    store::ForumPostRecord post;
    store::ChangeAuthor author;
    std::string category_code, thread_title;
    std::int64_t accepted_post_id = 0;
  };
  grpc::Status CheckNewPost(grpc::ServerContextBase* ctx, const kmhub::v1::CreateForumPostRequest& req,
                            CheckedPost& checked);
  // The contact a request names as author, parsed and checked against the caller's scope.
  Expected<ContactKey> AuthorKey(const Caller& caller, const std::string& name, const std::string& field);
  // That contact, read. NOT_FOUND CONTACT_NOT_FOUND.
  Expected<store::ForumMemberRecord> AuthorOf(const Caller& caller, const std::string& name, const std::string& field);
  // The contacts `body` mentions; INVALID_ARGUMENT on `field` naming each unknown or ambiguous one.
  Expected<std::vector<store::ForumMemberRecord>> ResolveMentions(const std::string& body, const std::string& field);
  // To the watchers of the post's thread and category.
  void Publish(const store::ForumPostRecord& post, const std::string& category_code, const std::string& thread_title,
               std::int64_t accepted_post_id);

  Authorizer& auth_;
  store::ForumStore forums_;
  store::ForumPostWriter posts_;  // replies, written in batches (group commit)
  // CreatePost's reads: its one thread's own connection (ReplyCheckSession).
  std::shared_ptr<store::PinnedSession> checks_;
  store::ProjectStore projects_;
  std::shared_ptr<ForumFeed> feed_;
  int max_page_size_;
};

}  // namespace kmhub::api
