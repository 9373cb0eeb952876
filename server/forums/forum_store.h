#pragma once
// Forums (forums/README.md): categories, threads, posts and their mentions, and full-text
// search over them — FTS5 on SQLite, a stemmed tsvector with a GIN index on PostgreSQL, both
// behind Search(). A post's writes (the post, its mentions, the thread's counters, the audit
// row) are one transaction, which also re-checks that the thread is not locked.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/db/audit_log.h"
#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/platform/search/snippet.h"
#include "server/forums/records.h"
#include "shared/error.h"

namespace kmhub::store {

// What a new thread is made of; the opening post is written with it.
struct NewForumThread {
  std::string category_code;
  std::string title;
  std::vector<std::string> tags;
  std::vector<std::string> project_codes;
  std::int64_t author_contact_id = 0;
  std::string body;
  std::vector<std::int64_t> mention_ids;
  std::int64_t at_micros = 0;  // when it was written; 0: now (set only by the demo and bench loaders)
};

struct NewForumPost {
  std::int64_t thread_id = 0;
  std::int64_t author_contact_id = 0;
  std::string body;
  std::int64_t in_reply_to = 0;
  std::vector<std::int64_t> mention_ids;
  std::int64_t at_micros = 0;  // 0: now
};

// The contact ids of `members`, in order (a post's mentions as NewForumPost takes them).
std::vector<std::int64_t> ContactIds(const std::vector<ForumMemberRecord>& members);

// Mentions as a post lists them: each contact once, by name as the address book sorts names,
// then by id (ForumStore orders them so when it reads a post).
void OrderMentions(std::vector<ForumMemberRecord>& mentions);

// What a reply is checked against before it is written: its author, and its thread's title,
// category, accepted answer and the roles that may post in the category.
struct ForumReplyContext {
  ForumMemberRecord author;
  std::string thread_title, category_code;
  std::vector<int> category_roles;  // kmhub.v1.ForumRole
  std::int64_t accepted_post_id = 0;
};

// What ForumStore::WritePosts reports of each post it was given.
struct WrittenPost {
  std::int64_t id = 0;
  std::int64_t create_micros = 0;
  // The request id had already written a post (before, or earlier in the batch): that post's id,
  // nothing written now, and create_micros 0 (the caller reads the earlier post).
  bool earlier = false;
};

// A post, the request id that wrote it and who asked (ForumStore::WritePosts), for the audit log.
struct PostToWrite {
  NewForumPost post;
  std::string request_id;
  ChangeAuthor author;
};

struct ForumThreadFilter {
  std::string category_code;  // "": any
  std::string tag;
  std::string project_code;
  int state = 0;  // 0: any
  PagePosition position;  // most recently active first
};

// A search matching more posts than this ranks the newest this many: scoring every match of a
// word found in tens of thousands of posts would cost more than the rest of the call.
inline constexpr long long kSearchRankWindow = 1000;
// Matches are counted up to the window, the most a search can page through: counting the 20,000
// posts of a common word only to say so took longer than ranking the thousand shown.
inline constexpr long long kMaxSearchCount = kSearchRankWindow;

struct ForumSearchFilter {
  std::string fts5_query;       // SQLite form of the parsed query
  std::string websearch_query;  // PostgreSQL form
  std::vector<std::string> wanted_words;  // the query's words that are not excluded, to mark in snippets
  std::string category_code, tag, project_code;
  std::int64_t author_contact_id = 0;
  std::int64_t from_micros = 0, to_micros = 0;  // [from, to); 0: unbounded
  int offset = 0, limit = 20;
  long long rank_window = kSearchRankWindow;
};

struct ForumSearchHitRecord {
  ForumPostRecord post;
  std::string thread_title, category_code;
  std::string heading;  // as indexed: the thread's title on its opening post, else ""
  // PostgreSQL marks the matched words (between \x02 and \x03) in a snippet of its own choosing;
  // on SQLite `snippet` is "" and the words of heading and body say which match, for the API to
  // cut a snippet from (domain::SnippetOfHit).
  std::string snippet;
  std::vector<domain::MatchedWord> heading_words, body_words;
  double relevance = 0;
};

struct ForumSearchResult {
  std::vector<ForumSearchHitRecord> hits;
  long long total = 0;
  bool total_capped = false;
};

class PinnedSession;

// A connection of its own for one thread that checks replies all day (the async CreateForumPost's
// ReplyContext): read with read() rather than through a memory map, since after nearly every
// batch of posts SQLite unmaps the whole file and the next read faults each page back in
// (PinnedSession, session.h).
std::shared_ptr<PinnedSession> ReplyCheckSession(std::shared_ptr<Database> db);

class ForumStore {
 public:
  explicit ForumStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<std::vector<ForumCategoryRecord>> ListCategories();
  // NOT_FOUND CATEGORY_NOT_FOUND.
  Expected<ForumCategoryRecord> GetCategory(const std::string& code);
  // ALREADY_EXISTS CATEGORY_EXISTS.
  Expected<ForumCategoryRecord> CreateCategory(const ForumCategoryRecord& category);

  // NOT_FOUND CONTACT_NOT_FOUND.
  Expected<ForumMemberRecord> Member(std::int64_t contact_id);
  // The author and thread of a reply in one lease of a connection. NOT_FOUND CONTACT_NOT_FOUND
  // (checked first), THREAD_NOT_FOUND.
  // `on`: a connection of the caller's own (ReplyCheckSession); null: one leased from the pool.
  Expected<ForumReplyContext> ReplyContext(std::int64_t author_contact_id, std::int64_t thread_id,
                                           PinnedSession* on = nullptr);
  // Contacts whose handle (given.family) may be `handle`: the caller compares exactly.
  Expected<std::vector<ForumMemberRecord>> MembersByFamilyName(const std::string& family_sort_key);
  Expected<std::vector<ForumMemberRecord>> MembersByDisplayName(const std::string& display_name);

  // NOT_FOUND CATEGORY_NOT_FOUND / PROJECT_NOT_FOUND; ALREADY_EXISTS never (a retried request
  // id returns the first thread).
  Expected<ForumThreadRecord> CreateThread(const NewForumThread& thread, const std::string& request_id);
  // NOT_FOUND THREAD_NOT_FOUND.
  Expected<ForumThreadRecord> GetThread(std::int64_t id);
  Expected<Page<ForumThreadRecord>> ListThreads(const ForumThreadFilter& filter);

  // FAILED_PRECONDITION THREAD_LOCKED; NOT_FOUND THREAD_NOT_FOUND, POST_NOT_FOUND (in_reply_to
  // not a post of the thread).
  Expected<ForumPostRecord> CreatePost(const NewForumPost& post, const std::string& request_id);
  // Several posts in one write transaction: each post's id and time or error (those of
  // CreatePost), in order; a post that fails is refused alone. One commit, one INSERT and so one
  // full-text segment for them all (ForumPostWriter batches posts this way). Should the batch
  // fail as a whole (a constraint, say), each post is written again on its own.
  // `on`: a connection of the caller's own (ForumPostWriter's); null: one leased from the pool.
  std::vector<Expected<WrittenPost>> WritePosts(const std::vector<PostToWrite>& posts, PinnedSession* on = nullptr);
  Expected<ForumPostRecord> GetPost(std::int64_t thread_id, std::int64_t post_id);
  Expected<Page<ForumPostRecord>> ListPosts(std::int64_t thread_id, const PagePosition& position);
  // Also re-indexes the post. FAILED_PRECONDITION THREAD_LOCKED.
  Expected<ForumPostRecord> UpdatePost(std::int64_t thread_id, std::int64_t post_id, const std::string& body,
                                       const std::vector<std::int64_t>& mention_ids);

  // post_id 0 withdraws the answer. FAILED_PRECONDITION THREAD_LOCKED, OPENING_POST (the
  // question cannot be its own answer); NOT_FOUND POST_NOT_FOUND.
  Expected<ForumThreadRecord> AcceptAnswer(std::int64_t thread_id, std::int64_t post_id);
  Expected<ForumThreadRecord> Lock(std::int64_t thread_id, bool locked);

  // INVALID_ARGUMENT INVALID_QUERY when the database refuses the query text.
  Expected<ForumSearchResult> Search(const ForumSearchFilter& filter);

  // Posts written at or after `since_micros` (oldest first, at most `limit`), each with its
  // thread: what a server's watchers have not seen when the post was written through another.
  struct RecentPost {
    ForumPostRecord post;
    std::string thread_title, category_code;
    std::int64_t accepted_post_id = 0;
  };
  Expected<std::vector<RecentPost>> PostsSince(std::int64_t since_micros, int limit);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
