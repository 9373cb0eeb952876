#include "server/forums/forum_store.h"

#include <algorithm>
#include <map>

#include "server/forums/forum_rules.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/search/index_tokenizer.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"

namespace kmhub::store {

namespace {

constexpr int kLocked = static_cast<int>(domain::ThreadState::kLocked);
constexpr int kOpen = 1, kSolved = 2;

std::string ThreadName(long long id) { return "forumThreads/" + std::to_string(id); }

Error ThreadNotFound(long long id) { return NotFound("THREAD_NOT_FOUND", ThreadName(id) + " does not exist"); }
Error PostNotFound(long long thread, long long post) {
  return NotFound("POST_NOT_FOUND", ThreadName(thread) + "/posts/" + std::to_string(post) + " does not exist");
}
Error CategoryNotFound(const std::string& code) {
  return NotFound("CATEGORY_NOT_FOUND", "forumCategories/" + code + " does not exist");
}
Error ThreadLocked(long long id) {
  return FailedPrecondition("THREAD_LOCKED", ThreadName(id) +
                                                 " is locked: it takes no more posts or answer changes until an admin "
                                                 "unlocks it");
}

std::vector<int> DecodeRoles(const std::string& encoded) {
  std::vector<int> roles;
  for (const auto& item : DecodeList(encoded)) roles.push_back(std::stoi(item));
  return roles;
}

std::string EncodeRoles(const std::vector<int>& roles) {
  std::vector<std::string> items;
  for (int r : roles) items.push_back(std::to_string(r));
  return EncodeList(items);
}

// A contact with its organisation: `c` and `o` name the joined tables.
std::string MemberColumns(const std::string& c, const std::string& o) {
  return c + ".id, " + c + ".organisation_id, " + c + ".display_name, " + o + ".display_name, " + c + ".given_name, " +
         c + ".family_name, " + c + ".clinical_role, " + o + ".kind";
}

struct MemberRow {
  long long contact = 0, organisation = 0;
  std::string name, organisation_name, given, family;
  int clinical_role = 0, kind = 0;
  template <typename St>
  void Exchange(St& st) {
    Col(st, contact);
    Col(st, organisation);
    Col(st, name);
    Col(st, organisation_name);
    Col(st, given);
    Col(st, family);
    Col(st, clinical_role);
    Col(st, kind);
  }
  ForumMemberRecord ToRecord() const {
    return {contact, organisation, name, organisation_name, given, family, clinical_role, kind};
  }
};

const std::string kMemberSelect = "SELECT " + MemberColumns("c", "o") +
                                  " FROM contacts c JOIN organisations o ON o.id = c.organisation_id";

struct ThreadRow {
  long long id = 0, accepted = 0, created = 0, last = 0;
  int state = 0, posts = 0;
  soci::indicator accepted_ind = soci::i_null;
  std::string category, title, tags;
  MemberRow author;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, category);
    Col(st, title);
    Col(st, tags);
    Col(st, state);
    Col(st, accepted, accepted_ind);
    Col(st, posts);
    Col(st, created);
    Col(st, last);
    author.Exchange(st);
  }
  ForumThreadRecord ToRecord() const {
    ForumThreadRecord r;
    r.id = id;
    r.category_code = category;
    r.title = title;
    r.tags = DecodeList(tags);
    r.state = state;
    r.accepted_post_id = accepted_ind == soci::i_ok ? accepted : 0;
    r.post_count = posts;
    r.create_micros = created;
    r.last_post_micros = last;
    r.author = author.ToRecord();
    return r;
  }
};

const std::string kThreadSelect =
    "SELECT t.id, fc.code, t.title, t.tags, t.state, t.accepted_post_id, t.post_count, t.create_micros, "
    "t.last_post_micros, " +
    MemberColumns("c", "o") +
    " FROM forum_threads t JOIN forum_categories fc ON fc.id = t.category_id JOIN contacts c ON c.id = "
    "t.author_contact_id JOIN organisations o ON o.id = c.organisation_id";

struct PostRow {
  long long id = 0, thread = 0, reply_to = 0, created = 0, edited = 0;
  soci::indicator reply_ind = soci::i_null;
  std::string body;
  MemberRow author;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, thread);
    Col(st, body);
    Col(st, reply_to, reply_ind);
    Col(st, created);
    Col(st, edited);
    author.Exchange(st);
  }
  ForumPostRecord ToRecord() const {
    ForumPostRecord r;
    r.id = id;
    r.thread_id = thread;
    r.body = body;
    r.in_reply_to = reply_ind == soci::i_ok ? reply_to : 0;
    r.create_micros = created;
    r.edit_micros = edited;
    r.author = author.ToRecord();
    return r;
  }
};

const std::string kPostColumns = "p.id, p.thread_id, p.body, p.in_reply_to, p.create_micros, p.edit_micros, " +
                                 MemberColumns("c", "o");
const std::string kPostJoins =
    " JOIN contacts c ON c.id = p.author_contact_id JOIN organisations o ON o.id = c.organisation_id";

std::vector<ForumMemberRecord> FetchMembers(soci::session& s, BoundQuery& q) {
  return FetchRecords<MemberRow>(s, q);
}

// Binds ids as ":p0, :p1, …" for an IN list (never empty: callers check).
std::string IdList(BoundQuery& q, const std::vector<std::int64_t>& ids) {
  std::string list;
  for (auto id : ids) list += (list.empty() ? "" : ", ") + q.Int(id);
  return list;
}

// The project codes of each thread.
void AttachProjects(soci::session& s, std::vector<ForumThreadRecord>& threads) {
  if (threads.empty()) return;
  std::vector<std::int64_t> ids;
  for (const auto& t : threads) ids.push_back(t.id);
  BoundQuery q;
  q.Sql("SELECT tp.thread_id, p.code FROM forum_thread_projects tp JOIN projects p ON p.id = tp.project_id WHERE "
        "tp.thread_id IN (" +
        IdList(q, ids) + ") ORDER BY tp.thread_id, p.code");
  std::map<long long, std::vector<std::string>> codes;
  struct Row {
    long long thread = 0;
    std::string code;
  };
  RunCached<Row>(
      s, q,
      [](Row& r, auto& st) {
        Col(st, r.thread);
        Col(st, r.code);
      },
      [&](const Row& r) { codes[r.thread].push_back(r.code); });
  for (auto& t : threads) t.project_codes = codes[t.id];
}

}  // namespace

std::vector<std::int64_t> ContactIds(const std::vector<ForumMemberRecord>& members) {
  std::vector<std::int64_t> ids;
  ids.reserve(members.size());
  for (const auto& m : members) ids.push_back(m.contact_id);
  return ids;
}

void OrderMentions(std::vector<ForumMemberRecord>& mentions) {
  std::vector<std::pair<std::string, ForumMemberRecord>> keyed;
  keyed.reserve(mentions.size());
  for (auto& m : mentions) keyed.emplace_back(SortKey(m.display_name), std::move(m));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.contact_id) < std::tie(b.first, b.second.contact_id);
  });
  mentions.clear();
  for (auto& [key, m] : keyed)
    if (mentions.empty() || mentions.back().contact_id != m.contact_id) mentions.push_back(std::move(m));
}

namespace {

// The contacts each post mentions, in OrderMentions' order (contacts.sort_key is SortKey of the name).
void AttachMentions(soci::session& s, std::vector<ForumPostRecord>& posts) {
  if (posts.empty()) return;
  std::vector<std::int64_t> ids;
  for (const auto& p : posts) ids.push_back(p.id);
  BoundQuery q;
  q.Sql("SELECT m.post_id, " + MemberColumns("c", "o") +
        " FROM forum_mentions m JOIN contacts c ON c.id = m.contact_id JOIN organisations o ON o.id = "
        "c.organisation_id WHERE m.post_id IN (" +
        IdList(q, ids) + ") ORDER BY m.post_id, c.sort_key, c.id");
  std::map<long long, std::vector<ForumMemberRecord>> mentions;
  struct Row {
    long long post = 0;
    MemberRow member;
  };
  RunCached<Row>(
      s, q,
      [](Row& r, auto& st) {
        Col(st, r.post);
        r.member.Exchange(st);
      },
      [&](const Row& r) { mentions[r.post].push_back(r.member.ToRecord()); });
  for (auto& p : posts) p.mentions = mentions[p.id];
}

Expected<ForumThreadRecord> ReadThread(soci::session& s, long long id) {
  BoundQuery q;
  q.Sql(kThreadSelect + " WHERE t.id = " + q.Int(id));
  auto rows = FetchRecords<ThreadRow>(s, q);
  if (rows.empty()) return ThreadNotFound(id);
  AttachProjects(s, rows);
  return rows.front();
}

Expected<ForumPostRecord> ReadPost(soci::session& s, long long thread, long long id) {
  BoundQuery q;
  q.Sql("SELECT " + kPostColumns + " FROM forum_posts p" + kPostJoins + " WHERE p.id = " + q.Int(id) +
        " AND p.thread_id = " + q.Int(thread));
  auto rows = FetchRecords<PostRow>(s, q);
  if (rows.empty()) return PostNotFound(thread, id);
  AttachMentions(s, rows);
  return rows.front();
}

Expected<long long> CategoryId(soci::session& s, const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT id FROM forum_categories WHERE code = :c", soci::use(code), soci::into(id, ind);
  if (ind != soci::i_ok || !s.got_data()) return CategoryNotFound(code);
  return id;
}

Expected<long long> ProjectId(soci::session& s, const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT id FROM projects WHERE code = :c", soci::use(code), soci::into(id, ind);
  if (ind != soci::i_ok || !s.got_data())
    return NotFound("PROJECT_NOT_FOUND", "project projects/" + code + " does not exist");
  return id;
}

// Pages of full-text index merged by each write of posts (SQLite). FTS5 would merge by itself,
// 64 pages a level at once after every 64 pages written: the post that crossed the mark took
// 5-35 ms (bench/). Migration 11 turns that off (automerge 0); each write does a small, steady
// share instead, which kept the index at ~20 segments through 100,000 posts and a burst of
// ~2,500 posts a second (bench/). Segments are merged 8 at a time, as before (usermerge 8).
constexpr int kIndexMergePages = 16;

void MergeIndexStep(soci::session& s, Dialect dialect) {
  if (dialect != Dialect::kSqlite) return;  // PostgreSQL's GIN index keeps its own pending list
  BoundQuery q;
  q.Sql("INSERT INTO forum_search (forum_search, rank) VALUES ('merge', " + q.Int(kIndexMergePages) + ")");
  ExecuteCached(s, q);
}

void InsertMentions(soci::session& s, long long post, const std::vector<std::int64_t>& contacts) {
  std::vector<std::int64_t> distinct(contacts);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (auto c : distinct) {
    BoundQuery q;
    q.Sql("INSERT INTO forum_mentions (post_id, contact_id) VALUES (" + q.Int(post) + ", " + q.Int(c) + ")");
    ExecuteCached(s, q);
  }
}

// The id a logged request created, from its resource name's last segment.
long long LoggedId(const std::string& resource) { return std::stoll(resource.substr(resource.rfind('/') + 1)); }

// Counts a post into its thread unless the thread is locked: the condition is checked by the
// UPDATE itself, so a lock committed meanwhile is seen (PostgreSQL re-evaluates it after
// waiting for the row; SQLite's writers are serialised).
Outcome TouchThread(soci::session& s, long long thread, int added_posts, long long now) {
  BoundQuery q;
  q.Sql("UPDATE forum_threads SET post_count = post_count + " + q.Int(added_posts) +
        ", last_post_micros = CASE WHEN last_post_micros > " + q.Int(now) + " THEN last_post_micros ELSE " +
        q.Int(now) + " END, revision = revision + 1 WHERE id = " + q.Int(thread) + " AND state <> " + q.Int(kLocked));
  if (ExecuteCached(s, q) == 1) return Ok();
  int count = 0;
  s << "SELECT COUNT(*) FROM forum_threads WHERE id = :id", soci::use(thread), soci::into(count);
  return count == 0 ? ThreadNotFound(thread) : ThreadLocked(thread);
}

}  // namespace

Expected<std::vector<ForumCategoryRecord>> ForumStore::ListCategories() {
  return WithSession(*db_, "listing forum categories", [&](soci::session& s) -> Expected<std::vector<ForumCategoryRecord>> {
    std::vector<ForumCategoryRecord> out;
    long long id = 0, threads = 0, posts = 0;
    ForumCategoryRecord r;
    std::string roles;
    // Counts come from the threads' kept post counts: one pass over the threads, no post read.
    soci::statement st =
        (s.prepare << "SELECT fc.id, fc.code, fc.title, fc.description, fc.roles, COUNT(t.id), COALESCE(SUM(CAST("
                      "t.post_count AS BIGINT)), 0) FROM forum_categories fc LEFT JOIN forum_threads t ON t.category_id "
                      "= fc.id GROUP BY fc.id, fc.code, fc.title, fc.description, fc.roles ORDER BY fc.id",
         soci::into(id), soci::into(r.code), soci::into(r.title), soci::into(r.description), soci::into(roles),
         soci::into(threads), soci::into(posts));
    if (st.execute(true))
      do {
        r.id = id;
        r.roles = DecodeRoles(roles);
        r.thread_count = threads;
        r.post_count = posts;
        out.push_back(r);
      } while (st.fetch());
    return out;
  });
}

Expected<ForumCategoryRecord> ForumStore::GetCategory(const std::string& code) {
  // Every post checks its category's roles: one indexed row, no counts.
  return WithSession(*db_, "reading a forum category", [&](soci::session& s) -> Expected<ForumCategoryRecord> {
    BoundQuery q;
    q.Sql("SELECT id, code, title, description, roles FROM forum_categories WHERE code = " + q.Text(code));
    struct Row {
      long long id = 0;
      std::string code, title, description, roles;
    };
    std::optional<ForumCategoryRecord> found;
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.id);
          Col(st, r.code);
          Col(st, r.title);
          Col(st, r.description);
          Col(st, r.roles);
        },
        [&](const Row& r) { found = ForumCategoryRecord{r.id, r.code, r.title, r.description, DecodeRoles(r.roles), 0, 0}; });
    if (!found) return CategoryNotFound(code);
    return *found;
  });
}

Expected<ForumCategoryRecord> ForumStore::CreateCategory(const ForumCategoryRecord& category) {
  auto made = InTransaction(*db_, "creating a forum category", [&](soci::session& s) -> Expected<bool> {
    int count = 0;
    s << "SELECT COUNT(*) FROM forum_categories WHERE code = :c", soci::use(category.code), soci::into(count);
    if (count > 0)
      return AlreadyExists("CATEGORY_EXISTS", "forumCategories/" + category.code + " exists already");
    const std::string roles = EncodeRoles(category.roles);
    const long long now = NowMicros();
    s << "INSERT INTO forum_categories (code, title, description, roles, create_micros) VALUES (:c, :t, :d, :r, :n)",
        soci::use(category.code), soci::use(category.title), soci::use(category.description), soci::use(roles),
        soci::use(now);
    RecordChange(s, "forumCategories/" + category.code, "created");
    return true;
  });
  if (!made) return made.error();
  return GetCategory(category.code);
}

namespace {

Expected<ForumMemberRecord> ReadMember(soci::session& s, std::int64_t contact_id) {
  BoundQuery q;
  q.Sql(kMemberSelect + " WHERE c.id = " + q.Int(contact_id));
  auto found = FetchMembers(s, q);
  if (found.empty()) return NotFound("CONTACT_NOT_FOUND", "the contact does not exist");
  return std::move(found.front());
}

}  // namespace

Expected<ForumMemberRecord> ForumStore::Member(std::int64_t contact_id) {
  return WithSession(*db_, "reading a forum member", [&](soci::session& s) { return ReadMember(s, contact_id); });
}

std::shared_ptr<PinnedSession> ReplyCheckSession(std::shared_ptr<Database> db) {
  return std::make_shared<PinnedSession>(std::move(db), false);
}

Expected<ForumReplyContext> ForumStore::ReplyContext(std::int64_t author_contact_id, std::int64_t thread_id,
                                                     PinnedSession* on) {
  // One read transaction for both: on SQLite it is opened (and the connection's view of the
  // log checked) once rather than once per query.
  static constexpr std::string_view kWhat = "reading a reply's author and thread";
  const auto read = [&](soci::session& s) -> Expected<ForumReplyContext> {
    ForumReplyContext context;
    KMHUB_ASSIGN_OR_RETURN(context.author, ReadMember(s, author_contact_id));
    BoundQuery q;
    q.Sql("SELECT t.title, t.accepted_post_id, fc.code, fc.roles FROM forum_threads t JOIN forum_categories fc ON "
          "fc.id = t.category_id WHERE t.id = " +
          q.Int(thread_id));
    struct Row {
      std::string title, category, roles;
      long long accepted = 0;
      soci::indicator accepted_ind = soci::i_null;
    };
    bool thread_found = false;
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.title);
          Col(st, r.accepted, r.accepted_ind);
          Col(st, r.category);
          Col(st, r.roles);
        },
        [&](const Row& r) {
          thread_found = true;
          context.thread_title = r.title;
          context.category_code = r.category;
          context.category_roles = DecodeRoles(r.roles);
          context.accepted_post_id = r.accepted_ind == soci::i_ok ? r.accepted : 0;
        });
    if (!thread_found) return ThreadNotFound(thread_id);
    return context;
  };
  return on ? WithReadSnapshot(*on, kWhat, read) : WithReadSnapshot(*db_, kWhat, read);
}

Expected<std::vector<ForumMemberRecord>> ForumStore::MembersByFamilyName(const std::string& family_sort_key) {
  return WithSession(*db_, "finding mentioned contacts", [&](soci::session& s) -> Expected<std::vector<ForumMemberRecord>> {
    BoundQuery q;
    q.Sql(kMemberSelect + " WHERE c.family_sort_key = " + q.Text(family_sort_key) + " ORDER BY c.id LIMIT 50");
    return FetchMembers(s, q);
  });
}

Expected<std::vector<ForumMemberRecord>> ForumStore::MembersByDisplayName(const std::string& display_name) {
  return WithSession(*db_, "finding mentioned contacts", [&](soci::session& s) -> Expected<std::vector<ForumMemberRecord>> {
    BoundQuery q;
    q.Sql(kMemberSelect + " WHERE c.sort_key = " + q.Text(SortKey(display_name)) + " ORDER BY c.id LIMIT 50");
    return FetchMembers(s, q);
  });
}

Expected<ForumThreadRecord> ForumStore::CreateThread(const NewForumThread& t, const std::string& request_id) {
  static const std::string kMethod = "CreateForumThread";
  return InTransaction(*db_, "opening a forum thread", [&](soci::session& s) -> Expected<ForumThreadRecord> {
    if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) return ReadThread(s, LoggedId(*earlier));
    KMHUB_ASSIGN_OR_RETURN(const long long category, CategoryId(s, t.category_code));
    std::vector<long long> projects;
    for (const auto& code : t.project_codes) {
      KMHUB_ASSIGN_OR_RETURN(const long long id, ProjectId(s, code));
      if (std::find(projects.begin(), projects.end(), id) == projects.end()) projects.push_back(id);
    }
    const long long now = t.at_micros ? t.at_micros : NowMicros();
    const long long author = t.author_contact_id;
    const std::string tags = EncodeList(t.tags);
    long long id = 0;
    s << "INSERT INTO forum_threads (category_id, title, tags, state, author_contact_id, post_count, create_micros, "
         "last_post_micros) VALUES (:c, :t, :g, :s, :a, 1, :n, :l) RETURNING id",
        soci::use(category), soci::use(t.title), soci::use(tags), soci::use(kOpen), soci::use(author), soci::use(now),
        soci::use(now), soci::into(id);
    for (long long project : projects)
      s << "INSERT INTO forum_thread_projects (thread_id, project_id) VALUES (:t, :p)", soci::use(id), soci::use(project);
    long long post = 0;
    s << "INSERT INTO forum_posts (thread_id, author_contact_id, heading, body, create_micros) VALUES (:t, :a, :h, :b, "
         ":n) RETURNING id",
        soci::use(id), soci::use(author), soci::use(t.title), soci::use(t.body), soci::use(now), soci::into(post);
    InsertMentions(s, post, t.mention_ids);
    MergeIndexStep(s, db_->dialect());
    RecordChange(s, ThreadName(id), "opened in forumCategories/" + t.category_code);
    LogRequest(s, kMethod, request_id, ThreadName(id));
    return ReadThread(s, id);
  });
}

Expected<ForumThreadRecord> ForumStore::GetThread(std::int64_t id) {
  return WithSession(*db_, "reading a forum thread", [&](soci::session& s) { return ReadThread(s, id); });
}

Expected<Page<ForumThreadRecord>> ForumStore::ListThreads(const ForumThreadFilter& f) {
  return WithSession(*db_, "listing forum threads", [&](soci::session& s) -> Expected<Page<ForumThreadRecord>> {
    BoundQuery q;
    q.Sql(kThreadSelect + " WHERE 1 = 1");
    if (!f.category_code.empty()) {
      KMHUB_ASSIGN_OR_RETURN(const long long category, CategoryId(s, f.category_code));
      q.Sql(" AND t.category_id = " + q.Int(category));
    }
    if (!f.project_code.empty()) {
      KMHUB_ASSIGN_OR_RETURN(const long long project, ProjectId(s, f.project_code));
      q.Sql(" AND t.id IN (SELECT thread_id FROM forum_thread_projects WHERE project_id = " + q.Int(project) + ")");
    }
    if (!f.tag.empty()) q.Sql(" AND t.tags LIKE " + q.Text("%|" + f.tag + "|%"));
    if (f.state != 0) q.Sql(" AND t.state = " + q.Int(f.state));
    AppendKeyset(q, {"t.last_post_micros", true, true, "t.id"}, f.position.last_id, f.position.last_sort_value,
                 f.position.page_size);
    auto page = MakePage(FetchRecords<ThreadRow>(s, q), f.position.page_size,
                         [](const ForumThreadRecord& t) { return std::to_string(t.last_post_micros); });
    AttachProjects(s, page.items);
    return page;
  });
}

namespace {

bool IsPostOf(soci::session& s, long long thread, long long post) {
  BoundQuery q;
  q.Sql("SELECT COUNT(*) FROM forum_posts WHERE id = " + q.Int(post) + " AND thread_id = " + q.Int(thread));
  long long count = 0;
  RunCached<long long>(
      s, q, [](long long& v, auto& st) { Col(st, v); }, [&](long long v) { count = v; });
  return count > 0;
}

// Writes posts inside the caller's write transaction, in three steps, so that the full-text
// index takes the batch as one segment: SQLite's FTS5 writes out the terms it holds at every
// statement or savepoint that follows them, and with a statement per post it wrote a segment (and
// paid its share of merging) per post, most of a post's cost.
//   1. Each post is checked and counted into its thread (its only write before the insert; a
//      reply to a missing post undoes it with a savepoint, taken before the index holds anything).
//   2. The accepted posts go in with one INSERT, which fires the indexing trigger for each.
//   3. Their mentions, audit rows and request ids.
// Each post's id and time (the first post's id for a request id seen before, in this batch or
// earlier) or error.
std::vector<Expected<WrittenPost>> WriteBatch(soci::session& s, Dialect dialect, const std::vector<PostToWrite>& posts) {
  static const std::string kMethod = "CreateForumPost";
  std::vector<Expected<WrittenPost>> results(posts.size(), Expected<WrittenPost>(WrittenPost{}));
  std::vector<std::size_t> accepted;
  std::vector<std::optional<std::size_t>> same_request_as(posts.size());
  std::map<std::string, std::size_t> first_with_request;
  const long long now = NowMicros();
  for (std::size_t i = 0; i < posts.size(); ++i) {
    const auto& [p, request_id, author] = posts[i];
    if (!request_id.empty()) {
      if (auto first = first_with_request.find(request_id); first != first_with_request.end()) {
        same_request_as[i] = first->second;
        continue;
      }
      if (auto earlier = FindLoggedRequest(s, kMethod, request_id)) {
        results[i] = WrittenPost{LoggedId(*earlier), 0, true};
        continue;
      }
    }
    // The thread's counters are the post's only write so far; a reply whose parent is missing
    // undoes them with its savepoint.
    const bool reply = p.in_reply_to != 0;
    if (reply) ExecuteControl(s, dialect, "SAVEPOINT forum_post");
    Outcome checked = TouchThread(s, p.thread_id, 1, p.at_micros ? p.at_micros : now);
    if (checked && reply && !IsPostOf(s, p.thread_id, p.in_reply_to))
      checked = PostNotFound(p.thread_id, p.in_reply_to);
    if (reply) {
      if (!checked) ExecuteControl(s, dialect, "ROLLBACK TO SAVEPOINT forum_post");
      ExecuteControl(s, dialect, "RELEASE SAVEPOINT forum_post");
    }
    if (!checked) {
      results[i] = checked.error();
      continue;
    }
    accepted.push_back(i);
    if (!request_id.empty()) first_with_request.emplace(request_id, i);
  }
  if (!accepted.empty()) {
    BoundQuery insert;
    insert.Sql("INSERT INTO forum_posts (thread_id, author_contact_id, body, in_reply_to, create_micros) VALUES ");
    for (std::size_t n = 0; n < accepted.size(); ++n) {
      const auto& p = posts[accepted[n]].post;
      insert.Sql(std::string(n ? ", (" : "(") + insert.Int(p.thread_id) + ", " + insert.Int(p.author_contact_id) + ", " +
                 insert.Text(p.body) + ", NULLIF(" + insert.Int(p.in_reply_to) + ", 0), " +
                 insert.Int(p.at_micros ? p.at_micros : now) + ")");
    }
    insert.Sql(" RETURNING id");
    std::vector<std::int64_t> ids;
    RunCached<long long>(
        s, insert, [](long long& v, auto& st) { Col(st, v); },
        [&](long long v) { ids.push_back(v); });
    MergeIndexStep(s, dialect);
    // Rows take ascending ids in the order of VALUES (SQLite's next rowid, PostgreSQL's
    // sequence), whatever order RETURNING gives them back in.
    std::sort(ids.begin(), ids.end());
    if (ids.size() != accepted.size())
      throw std::runtime_error("a batch of " + std::to_string(accepted.size()) + " posts inserted " +
                               std::to_string(ids.size()));
    for (std::size_t n = 0; n < accepted.size(); ++n) {
      const auto& [p, request_id, author] = posts[accepted[n]];
      results[accepted[n]] = WrittenPost{ids[n], p.at_micros ? p.at_micros : now, false};
      ChangeAuthorScope on_behalf_of(author);
      InsertMentions(s, ids[n], p.mention_ids);
      const std::string name = ThreadName(p.thread_id) + "/posts/" + std::to_string(ids[n]);
      RecordChange(s, name, "posted");
      LogRequest(s, kMethod, request_id, name);
    }
  }
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (!same_request_as[i]) continue;
    results[i] = results[*same_request_as[i]];
    if (results[i]) *results[i] = WrittenPost{results[i]->id, 0, true};
  }
  return results;
}

}  // namespace

Expected<ForumPostRecord> ForumStore::CreatePost(const NewForumPost& p, const std::string& request_id) {
  return WithSession(*db_, "writing a forum post", [&](soci::session& s) -> Expected<ForumPostRecord> {
    std::int64_t id = 0;
    {
      // Only the writes hold SQLite's single write lock; the post is read back after it.
      Transaction tx(s, *db_);
      const auto written = WriteBatch(s, db_->dialect(), {{p, request_id, CurrentChangeAuthor()}});
      if (!written.front()) return written.front().error();
      id = written.front()->id;
      tx.Commit();
    }
    return ReadPost(s, p.thread_id, id);
  });
}

std::vector<Expected<WrittenPost>> ForumStore::WritePosts(const std::vector<PostToWrite>& posts, PinnedSession* on) {
  static constexpr std::string_view kWhat = "writing forum posts";
  std::vector<Expected<WrittenPost>> results;
  const auto write = [&](soci::session& s) -> Expected<bool> {
    Transaction tx(s, *db_);
    results = WriteBatch(s, db_->dialect(), posts);
    tx.Commit();
    return true;
  };
  auto written = on ? WithSession(*on, kWhat, write) : WithSession(*db_, kWhat, write);
  if (written) return results;
  // The batch failed as a whole (rolled back): each post alone, so that only the culprit fails.
  if (posts.size() == 1) return {Expected<WrittenPost>(written.error())};
  results.clear();
  for (const auto& p : posts) results.push_back(std::move(WritePosts({p}, on).front()));
  return results;
}

Expected<ForumPostRecord> ForumStore::GetPost(std::int64_t thread_id, std::int64_t post_id) {
  return WithSession(*db_, "reading a forum post", [&](soci::session& s) { return ReadPost(s, thread_id, post_id); });
}

Expected<Page<ForumPostRecord>> ForumStore::ListPosts(std::int64_t thread_id, const PagePosition& position) {
  return WithSession(*db_, "listing forum posts", [&](soci::session& s) -> Expected<Page<ForumPostRecord>> {
    int count = 0;
    s << "SELECT COUNT(*) FROM forum_threads WHERE id = :id", soci::use(thread_id), soci::into(count);
    if (count == 0) return ThreadNotFound(thread_id);
    BoundQuery q;
    q.Sql("SELECT " + kPostColumns + " FROM forum_posts p" + kPostJoins + " WHERE p.thread_id = " + q.Int(thread_id));
    AppendKeyset(q, {"p.id", true, false, "p.id"}, position.last_id, position.last_sort_value, position.page_size);
    auto page = MakePage(FetchRecords<PostRow>(s, q), position.page_size,
                         [](const ForumPostRecord& p) { return std::to_string(p.id); });
    AttachMentions(s, page.items);
    return page;
  });
}

Expected<ForumPostRecord> ForumStore::UpdatePost(std::int64_t thread_id, std::int64_t post_id, const std::string& body,
                                                 const std::vector<std::int64_t>& mention_ids) {
  return InTransaction(*db_, "editing a forum post", [&](soci::session& s) -> Expected<ForumPostRecord> {
    const long long now = NowMicros();
    KMHUB_TRY(TouchThread(s, thread_id, 0, 0));
    soci::statement st = (s.prepare << "UPDATE forum_posts SET body = :b, edit_micros = :n WHERE id = :id AND "
                                       "thread_id = :t",
                          soci::use(body), soci::use(now), soci::use(post_id), soci::use(thread_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return PostNotFound(thread_id, post_id);
    s << "DELETE FROM forum_mentions WHERE post_id = :p", soci::use(post_id);
    InsertMentions(s, post_id, mention_ids);
    MergeIndexStep(s, db_->dialect());
    RecordChange(s, ThreadName(thread_id) + "/posts/" + std::to_string(post_id), "edited");
    return ReadPost(s, thread_id, post_id);
  });
}

Expected<ForumThreadRecord> ForumStore::AcceptAnswer(std::int64_t thread_id, std::int64_t post_id) {
  return InTransaction(*db_, "accepting an answer", [&](soci::session& s) -> Expected<ForumThreadRecord> {
    KMHUB_TRY(TouchThread(s, thread_id, 0, 0));
    soci::indicator ind = soci::i_null;
    long long answer = post_id;
    if (post_id != 0) {
      long long opening = 0;
      s << "SELECT MIN(id) FROM forum_posts WHERE thread_id = :t", soci::use(thread_id), soci::into(opening);
      int count = 0;
      s << "SELECT COUNT(*) FROM forum_posts WHERE id = :p AND thread_id = :t", soci::use(post_id),
          soci::use(thread_id), soci::into(count);
      if (count == 0) return PostNotFound(thread_id, post_id);
      if (post_id == opening)
        return FailedPrecondition("OPENING_POST", "the opening post asks the question; accept a reply as its answer");
      ind = soci::i_ok;
    }
    const int state = post_id != 0 ? kSolved : kOpen;
    s << "UPDATE forum_threads SET accepted_post_id = :p, state = :s WHERE id = :t", soci::use(answer, ind),
        soci::use(state), soci::use(thread_id);
    RecordChange(s, ThreadName(thread_id),
                 post_id ? "answer: " + ThreadName(thread_id) + "/posts/" + std::to_string(post_id) : "answer withdrawn");
    return ReadThread(s, thread_id);
  });
}

Expected<ForumThreadRecord> ForumStore::Lock(std::int64_t thread_id, bool locked) {
  return InTransaction(*db_, "locking a forum thread", [&](soci::session& s) -> Expected<ForumThreadRecord> {
    // Unlocking returns a thread to solved (2) when it has an accepted answer, else to open (1).
    soci::statement st = locked ? (s.prepare << "UPDATE forum_threads SET state = 3, revision = revision + 1 WHERE id = :t",
                                   soci::use(thread_id))
                                : (s.prepare << "UPDATE forum_threads SET state = CASE WHEN accepted_post_id IS NULL "
                                                "THEN 1 ELSE 2 END, revision = revision + 1 WHERE id = :t",
                                   soci::use(thread_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return ThreadNotFound(thread_id);
    RecordChange(s, ThreadName(thread_id), locked ? "locked" : "unlocked");
    return ReadThread(s, thread_id);
  });
}

namespace {

bool HasFilters(const ForumSearchFilter& f) {
  return !f.category_code.empty() || !f.project_code.empty() || !f.tag.empty() || f.author_contact_id || f.from_micros ||
         f.to_micros;
}

// The filters (on posts `p` and threads `t`) shared by the count, the window and the ranking.
Outcome AppendSearchFilters(soci::session& s, BoundQuery& q, const ForumSearchFilter& f) {
  if (!f.category_code.empty()) {
    KMHUB_ASSIGN_OR_RETURN(const long long category, CategoryId(s, f.category_code));
    q.Sql(" AND t.category_id = " + q.Int(category));
  }
  if (!f.project_code.empty()) {
    KMHUB_ASSIGN_OR_RETURN(const long long project, ProjectId(s, f.project_code));
    q.Sql(" AND t.id IN (SELECT thread_id FROM forum_thread_projects WHERE project_id = " + q.Int(project) + ")");
  }
  if (!f.tag.empty()) q.Sql(" AND t.tags LIKE " + q.Text("%|" + f.tag + "|%"));
  if (f.author_contact_id) q.Sql(" AND p.author_contact_id = " + q.Int(f.author_contact_id));
  if (f.from_micros) q.Sql(" AND p.create_micros >= " + q.Int(f.from_micros));
  if (f.to_micros) q.Sql(" AND p.create_micros < " + q.Int(f.to_micros));
  return Ok{};
}

// A matching post's id, and its score (lower is better on both databases).
std::string MatchId(bool sqlite) { return sqlite ? "forum_search.rowid" : "p.id"; }
std::string MatchScore(bool sqlite) {
  return sqlite ? "kmhub_rank(forum_search, 4.0, 1.0)" : "-ts_rank(p.search, query)";
}

// "FROM … WHERE <matches>": the posts matching the query and the filters. Without filters,
// SQLite reads the full-text index alone.
Outcome AppendMatches(soci::session& s, BoundQuery& q, const ForumSearchFilter& f, bool sqlite) {
  if (sqlite) {
    q.Sql(" FROM forum_search");
    if (HasFilters(f))
      q.Sql(" JOIN forum_posts p ON p.id = forum_search.rowid JOIN forum_threads t ON t.id = p.thread_id");
    q.Sql(" WHERE forum_search MATCH " + q.Text(f.fts5_query));
    return AppendSearchFilters(s, q, f);
  }
  q.Sql(" FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id, websearch_to_tsquery('english', " +
        q.Text(f.websearch_query) + ") query WHERE p.search @@ query");
  return AppendSearchFilters(s, q, f);
}

struct HitRow {
  PostRow post;
  std::string title, category, heading, snippet;
  template <typename St>
  void Exchange(St& st) {
    post.Exchange(st);
    Col(st, title);
    Col(st, category);
    Col(st, heading);
    Col(st, snippet);
  }
  ForumSearchHitRecord ToRecord() const { return {post.ToRecord(), title, category, heading, snippet, {}, {}, 0}; }
};

// Marks which words of each hit match the query, with the index's own tokenizer.
void MarkMatchedWords(soci::session& s, const std::vector<std::string>& wanted,
                      std::map<long long, ForumSearchHitRecord>& hits) {
  const auto& tokenizer = Cached<IndexTokenizer>(s, "index tokenizer");
  std::map<std::string, int> terms;  // each wanted word's indexed term, numbered
  for (const auto& word : wanted)
    for (const auto& token : tokenizer.Query(word)) terms.emplace(token.term, static_cast<int>(terms.size()));
  auto words_of = [&](const std::string& text) {
    std::vector<domain::MatchedWord> words;
    for (const auto& token : tokenizer.Document(text)) {
      const auto term = terms.find(token.term);
      words.push_back({token.begin, token.end, term == terms.end() ? -1 : term->second});
    }
    return words;
  };
  for (auto& [id, hit] : hits) {
    hit.heading_words = words_of(hit.heading);
    hit.body_words = words_of(hit.post.body);
  }
}

}  // namespace

Expected<ForumSearchResult> ForumStore::Search(const ForumSearchFilter& f) {
  const bool sqlite = db_->dialect() == Dialect::kSqlite;
  return WithSession(*db_, "searching the forums", [&](soci::session& s) -> Expected<ForumSearchResult> {
    ForumSearchResult result;
    // 1. The matches, newest first, each with its score: as many as the rank window (all a search
    //    can page through) and one more, which tells that there are more. A word in tens of
    //    thousands of posts stays cheap: the index is read newest first and left there. One pass
    //    over the index: counting the matches, finding the window's oldest and ranking it were a
    //    pass each, and the ranking's ORDER BY an ephemeral table besides (bench/).
    struct Scored {
      long long id = 0;
      double score = 0;
    };
    BoundQuery matches;
    matches.Sql("SELECT " + MatchId(sqlite) + ", " + MatchScore(sqlite));
    KMHUB_TRY(AppendMatches(s, matches, f, sqlite));
    matches.Sql(" ORDER BY " + MatchId(sqlite) + " DESC LIMIT " + matches.Int(f.rank_window + 1));
    std::vector<Scored> scored;
    RunCached<Scored>(
        s, matches,
        [](Scored& m, auto& st) {
          Col(st, m.id);
          Col(st, m.score);
        },
        [&](const Scored& m) { scored.push_back(m); });
    result.total_capped = static_cast<long long>(scored.size()) > f.rank_window;
    if (result.total_capped) scored.resize(static_cast<std::size_t>(f.rank_window));
    result.total = static_cast<long long>(scored.size());
    if (result.total == 0 || f.offset >= result.total) return result;
    // 2. The page: the best scores first (lower is better on both databases), the newer of equals.
    const auto from = static_cast<std::size_t>(f.offset);
    const auto to = std::min(scored.size(), from + static_cast<std::size_t>(std::max(f.limit, 0)));
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(to), scored.end(),
                      [](const Scored& a, const Scored& b) { return a.score != b.score ? a.score < b.score : a.id > b.id; });
    std::vector<std::pair<long long, double>> ranked;
    for (std::size_t i = from; i < to; ++i) ranked.emplace_back(scored[i].id, scored[i].score);
    if (ranked.empty()) return result;

    // 3. The page's posts with their threads and authors, and a snippet around the matches
    //    (the costly part, so for these rows only). Matches are marked with STX/ETX, which no
    //    post contains, for the API to turn into Markdown bold (MarkdownSnippet). The id list is
    //    padded to the page size so that the statement's text, and its cached plan, repeat.
    BoundQuery page;
    std::string ids;
    for (std::size_t i = 0; i < static_cast<std::size_t>(std::max<int>(f.limit, 1)); ++i)
      ids += (i ? ", " : "") + page.Int(ranked[std::min(i, ranked.size() - 1)].first);
    if (sqlite) {
      // The posts by id; which of their words match is found below, outside the index.
      page.Sql("SELECT " + kPostColumns +
               ", t.title, fc.code, p.heading, '' FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN "
               "forum_categories fc ON fc.id = t.category_id" +
               kPostJoins + " WHERE p.id IN (" + ids + ")");
    } else {
      page.Sql("SELECT " + kPostColumns +
               ", t.title, fc.code, p.heading, ts_headline('english', CASE WHEN p.heading = '' THEN p.body ELSE p.heading || "
               "': ' || p.body END, query, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, "
               "MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \"') FROM forum_posts p JOIN forum_threads t ON "
               "t.id = p.thread_id JOIN forum_categories fc ON fc.id = t.category_id" +
               kPostJoins + ", websearch_to_tsquery('english', " + page.Text(f.websearch_query) +
               ") query WHERE p.id IN (" + ids + ")");
    }
    std::map<long long, ForumSearchHitRecord> by_id;
    for (auto& hit : FetchRecords<HitRow>(s, page)) by_id.emplace(hit.post.id, std::move(hit));
    if (sqlite) MarkMatchedWords(s, f.wanted_words, by_id);
    for (const auto& [id, score] : ranked) {
      auto found = by_id.find(id);
      if (found == by_id.end()) continue;  // deleted between the two reads
      found->second.relevance = -score;
      result.hits.push_back(std::move(found->second));
    }
    std::vector<ForumPostRecord> posts;
    for (const auto& h : result.hits) posts.push_back(h.post);
    AttachMentions(s, posts);
    for (std::size_t i = 0; i < posts.size(); ++i) result.hits[i].post.mentions = std::move(posts[i].mentions);
    return result;
  });
}

namespace {

// A post with its thread's title, category and accepted answer (PostsSince).
struct RecentPostRow {
  PostRow post;
  std::string title, category;
  long long accepted = 0;
  template <typename St>
  void Exchange(St& st) {
    post.Exchange(st);
    Col(st, title);
    Col(st, category);
    Col(st, accepted);
  }
  ForumStore::RecentPost ToRecord() const { return {post.ToRecord(), title, category, accepted}; }
};

}  // namespace

Expected<std::vector<ForumStore::RecentPost>> ForumStore::PostsSince(std::int64_t since_micros, int limit) {
  return WithSession(*db_, "reading recent forum posts", [&](soci::session& s) -> Expected<std::vector<RecentPost>> {
    BoundQuery q;
    q.Sql("SELECT " + kPostColumns +
          ", t.title, fc.code, COALESCE(t.accepted_post_id, 0) FROM forum_posts p JOIN forum_threads t ON t.id = "
          "p.thread_id JOIN forum_categories fc ON fc.id = t.category_id" +
          kPostJoins + " WHERE p.create_micros >= " + q.Int(since_micros) + " ORDER BY p.create_micros, p.id LIMIT " +
          q.Int(limit));
    auto recent = FetchRecords<RecentPostRow>(s, q);
    std::vector<ForumPostRecord> posts;
    for (const auto& r : recent) posts.push_back(r.post);
    AttachMentions(s, posts);
    for (std::size_t i = 0; i < posts.size(); ++i) recent[i].post.mentions = std::move(posts[i].mentions);
    return recent;
  });
}

}  // namespace kmhub::store
