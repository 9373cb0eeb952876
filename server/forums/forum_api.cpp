#include "server/forums/forum_api.h"

#include "server/forums/forum_mapping.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/forums/forum_mentions.h"
#include "server/forums/forum_rules.h"
#include "server/platform/search/search_query.h"
#include "server/platform/search/snippet.h"
#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

namespace {

// Ten hits, as search pages usually show: the snippets are the costly part of a search.
constexpr int kDefaultSearchPage = 10;
constexpr int kMaxSearchPage = 100;

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& items) {
  return {items.begin(), items.end()};
}

// Micros at the start of a YYYY-MM-DD day (UTC), plus `days` whole days.
Expected<std::int64_t> DayStartMicros(const std::string& text, int days, const std::string& field) {
  const auto date = CivilDate::Parse(text);
  if (!date)
    return InvalidArgument("INVALID_FILTER", DateProblem(text),
                           {{field, "expected YYYY-MM-DD"}});
  return date->StartMicros() + days * 86'400'000'000LL;
}

// Project filters and links name projects; a scoped caller reaches only its own.
Expected<std::vector<std::string>> ProjectCodes(store::ProjectStore& projects, const Caller& caller,
                                                const std::vector<std::string>& names, const std::string& field) {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < names.size(); ++i) {
    KMHUB_ASSIGN_OR_RETURN(auto code, ParseProjectName(names[i], field + "[" + std::to_string(i) + "]"));
    KMHUB_TRY(caller.Reaches([&] { return projects.InvolvedOrganisations(code); }, ProjectName(code)));
    codes.push_back(std::move(code));
  }
  return codes;
}

}  // namespace

Expected<ContactKey> ForumApi::AuthorKey(const Caller& caller, const std::string& name, const std::string& field) {
  if (name.empty())
    return InvalidArgument("AUTHOR_REQUIRED", "name the contact who writes this",
                           {{field, "a contact: organisations/{org}/contacts/{id}"}});
  KMHUB_ASSIGN_OR_RETURN(const auto key, ParseContactName(name, field));
  if (!caller.Covers(key.organisation_id)) return caller.OutOfScope(name);
  return key;
}

namespace {

Error AuthorNotFound(const std::string& name) { return NotFound("CONTACT_NOT_FOUND", "contact " + name + " does not exist"); }

}  // namespace

Expected<store::ForumMemberRecord> ForumApi::AuthorOf(const Caller& caller, const std::string& name,
                                                       const std::string& field) {
  KMHUB_ASSIGN_OR_RETURN(const auto key, AuthorKey(caller, name, field));
  auto member = forums_.Member(key.contact_id);
  if (!member || member->organisation_id != key.organisation_id) return AuthorNotFound(name);
  return member;
}

Expected<std::vector<store::ForumMemberRecord>> ForumApi::ResolveMentions(const std::string& body,
                                                                         const std::string& field) {
  const auto mentions = domain::FindMentions(body);
  Violations v;
  if (mentions.size() > domain::kMaxMentionsPerPost)
    v.Add(field, "at most " + std::to_string(domain::kMaxMentionsPerPost) + " people may be mentioned in one post");
  std::vector<store::ForumMemberRecord> resolved;
  for (const auto& m : mentions) {
    std::vector<store::ForumMemberRecord> found;
    switch (m.kind) {
      case domain::Mention::Kind::kResourceName: {
        const auto key = ParseContactName(m.text, field);
        if (key) {
          auto member = forums_.Member(key->contact_id);
          if (member && member->organisation_id == key->organisation_id) found.push_back(*member);
        }
        break;
      }
      case domain::Mention::Kind::kDisplayName: {
        KMHUB_ASSIGN_OR_RETURN(found, forums_.MembersByDisplayName(m.text));
        break;
      }
      case domain::Mention::Kind::kHandle: {
        // "van-der-berg" may be "van der berg" or the hyphenated name itself.
        const std::string family = domain::HandleFamily(m.text);
        std::string spaced = family;
        std::replace(spaced.begin(), spaced.end(), '-', ' ');
        for (const auto& key : spaced == family ? std::vector{family} : std::vector{family, spaced}) {
          KMHUB_ASSIGN_OR_RETURN(const auto candidates, forums_.MembersByFamilyName(key));
          for (const auto& c : candidates)
            if (domain::ContactHandle(c.given_name, c.family_name) == m.text) found.push_back(c);
        }
        break;
      }
    }
    const std::string shown = m.kind == domain::Mention::Kind::kHandle ? "@" + m.text : "@[" + m.text + "]";
    if (found.empty()) {
      v.Add(field, shown + " names no contact in the address book");
    } else if (found.size() > 1) {
      std::string names;
      for (std::size_t i = 0; i < found.size() && i < 5; ++i)
        names += (i ? ", " : "") + ContactName(found[i].organisation_id, found[i].contact_id) + " (" +
                 found[i].organisation_name + ")";
      v.Add(field, shown + " could be any of " + std::to_string(found.size()) + " contacts; write @[" +
                       ContactName(found[0].organisation_id, found[0].contact_id) + "] instead. Candidates: " + names);
    } else {
      resolved.push_back(std::move(found.front()));
    }
  }
  if (!v.empty()) return v.ToError("UNRESOLVED_MENTION");
  return resolved;
}

namespace {

ForumEventPtr PostEvent(const store::ForumPostRecord& post, std::int64_t accepted_post_id, const std::string& title) {
  auto event = std::make_shared<kmhub::v1::ForumEvent>();
  ToProto(post, accepted_post_id, event->mutable_post());
  event->set_thread_title(title);
  return event;
}

}  // namespace

void ForumApi::Publish(const store::ForumPostRecord& post, const std::string& category_code,
                       const std::string& thread_title, std::int64_t accepted_post_id) {
  feed_->Publish(post.id, post.thread_id, category_code,
                 [&] { return PostEvent(post, accepted_post_id, thread_title); });
}

void ForumApi::PollForOtherServers(std::chrono::milliseconds every) {
  feed_->StartPolling(
      [this](std::int64_t since) {
        std::vector<PolledPost> found;
        // A failed read is tried again at the next tick, over the same window.
        auto recent = forums_.PostsSince(since, 1000);
        if (!recent) return found;
        for (const auto& r : *recent)
          found.push_back({r.post.id, r.post.thread_id, r.post.create_micros, r.category_code,
                           PostEvent(r.post, r.accepted_post_id, r.thread_title)});
        return found;
      },
      every);
}

grpc::Status ForumApi::ListForumCategories(grpc::ServerContext* ctx, const kmhub::v1::ListForumCategoriesRequest*,
                                           kmhub::v1::ListForumCategoriesResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto categories, forums_.ListCategories());
  for (const auto& c : categories) ToProto(c, out->add_categories());
  return grpc::Status::OK;
}

grpc::Status ForumApi::CreateForumCategory(grpc::ServerContext* ctx, const kmhub::v1::CreateForumCategoryRequest* req,
                                           kmhub::v1::ForumCategory* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kModerate, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide forum categories"));
  const auto& c = req->category();
  Violations v;
  if (!domain::IsValidCategoryCode(c.code()))
    v.Add("category.code", "2 to 40 lower-case letters, digits and '-', starting with a letter");
  domain::CheckText(v, "category.title", domain::Trim(c.title()), 1, domain::kMaxNameLength);
  domain::CheckText(v, "category.description", c.description(), 0, domain::kMaxTextLength);
  const std::vector<int> roles(c.roles().begin(), c.roles().end());
  domain::CheckCategoryRoles(v, "category.roles", roles);
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_CATEGORY"));
  store::ForumCategoryRecord record;
  record.code = c.code();
  record.title = domain::Trim(c.title());
  record.description = c.description();
  record.roles = roles;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto made, forums_.CreateCategory(record));
  ToProto(made, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::CreateForumThread(grpc::ServerContext* ctx, const kmhub::v1::CreateForumThreadRequest* req,
                                         kmhub::v1::ForumThread* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto category_code, ParseForumCategoryName(req->parent(), "parent"));
  const auto& t = req->thread();
  Violations v;
  domain::CheckThreadTitle(v, "thread.title", t.title());
  domain::CheckList(v, "thread.tags", ToVector(t.tags()), domain::IsValidTag, "tag");
  if (static_cast<std::size_t>(t.projects_size()) > domain::kMaxThreadProjects)
    v.Add("thread.projects", "at most " + std::to_string(domain::kMaxThreadProjects) + " projects");
  domain::CheckPostBody(v, "body", req->body());
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_THREAD"));

  KMHUB_RPC_ASSIGN_OR_RETURN(const auto author, AuthorOf(caller, req->author(), "author"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto category, forums_.GetCategory(category_code));
  KMHUB_RPC_TRY(domain::CheckCategoryAccess(domain::MemberRoles(author.clinical_role, author.organisation_kind),
                                            category.roles, author.display_name, category.code));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto projects, ProjectCodes(projects_, caller, ToVector(t.projects()), "thread.projects"));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto mentions, ResolveMentions(req->body(), "body"));

  store::NewForumThread thread{category_code, domain::Trim(t.title()), ToVector(t.tags()), std::move(projects),
                               author.contact_id,  req->body(),           store::ContactIds(mentions)};
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto made, forums_.CreateThread(thread, req->request_id()));
  // The category's watchers see the opening post.
  if (auto first = forums_.ListPosts(made.id, {"", 0, 1}); first && !first->items.empty())
    Publish(first->items.front(), made.category_code, made.title, made.accepted_post_id);
  ToProto(made, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::GetForumThread(grpc::ServerContext* ctx, const kmhub::v1::GetForumThreadRequest* req,
                                      kmhub::v1::ForumThread* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseForumThreadName(req->name(), "name"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread, forums_.GetThread(id));
  ToProto(thread, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::ListForumThreads(grpc::ServerContext* ctx, const kmhub::v1::ListForumThreadsRequest* req,
                                        kmhub::v1::ListForumThreadsResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  store::ForumThreadFilter filter;
  if (!req->category().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.category_code, ParseForumCategoryName(req->category(), "category"));
  }
  if (!req->project().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.project_code, ParseProjectName(req->project(), "project"));
  }
  Violations v;
  if (!req->tag().empty() && !domain::IsValidTag(req->tag())) v.Add("tag", "not a tag: lower-case letters, digits and '-'");
  if (req->state() < 0 || req->state() > static_cast<int>(domain::ThreadState::kLocked))
    v.Add("state", "not a thread state");
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_FILTER"));
  filter.tag = req->tag();
  filter.state = req->state();
  const auto fingerprint = QueryFingerprint("forumThreads|" + req->category() + "|" + req->tag() + "|" +
                                            req->project() + "|" + std::to_string(req->state()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  filter.position = {cursor.last_sort_value, cursor.last_id, page_size};
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, forums_.ListThreads(filter));
  for (const auto& t : page.items) ToProto(t, out->add_threads());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

void ForumApi::CreatePost(grpc::ServerContextBase* ctx, const kmhub::v1::CreateForumPostRequest& req,
                          kmhub::v1::ForumPost* out, std::function<void(const grpc::Status&)> answer) {
  auto checked = std::make_shared<CheckedPost>();
  if (auto status = CheckNewPost(ctx, req, *checked); !status.ok()) return answer(status);
  // The post itself goes to the writer; the answer keeps what it needs of the thread.
  auto post = std::move(checked->post);
  auto author = std::move(checked->author);
  posts_.WriteAsync(std::move(post), req.request_id(), std::move(author),
                    [this, checked, out, answer = std::move(answer)](Expected<store::ForumPostRecord> written) {
                      if (!written) return answer(ToGrpcStatus(written.error()));
                      Publish(*written, checked->category_code, checked->thread_title, checked->accepted_post_id);
                      ToProto(*written, checked->accepted_post_id, out);
                      answer(grpc::Status::OK);
                    });
}

grpc::Status ForumApi::CheckNewPost(grpc::ServerContextBase* ctx, const kmhub::v1::CreateForumPostRequest& req,
                                    CheckedPost& checked) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, "CreateForumPost"));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req.request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread_id, ParseForumThreadName(req.parent(), "parent"));
  const auto& p = req.post();
  std::int64_t reply_to = 0;
  if (!p.in_reply_to().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseForumPostName(p.in_reply_to(), "post.in_reply_to"));
    if (key.thread_id != thread_id)
      return ToGrpcStatus(InvalidArgument("REPLY_ELSEWHERE", "a reply answers a post of the same thread",
                                          {{"post.in_reply_to", "a post of " + req.parent()}}));
    reply_to = key.post_id;
  }
  Violations v;
  domain::CheckPostBody(v, "post.body", p.body());
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_POST"));

  const std::string& author_name = p.author().contact();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto author_key, AuthorKey(caller, author_name, "post.author.contact"));
  // The author and the thread (with its category's roles) in one go: a reply's checks before it
  // is written. The written post is answered from these, not read back.
  auto context = forums_.ReplyContext(author_key.contact_id, thread_id, checks_.get());
  if (!context && context.error().reason == "CONTACT_NOT_FOUND") return ToGrpcStatus(AuthorNotFound(author_name));
  if (!context) return ToGrpcStatus(context.error());
  const auto& author = context->author;
  if (author.organisation_id != author_key.organisation_id) return ToGrpcStatus(AuthorNotFound(author_name));
  KMHUB_RPC_TRY(domain::CheckCategoryAccess(domain::MemberRoles(author.clinical_role, author.organisation_kind),
                                            context->category_roles, author.display_name, context->category_code));
  store::ForumPostRecord post;
  post.thread_id = thread_id;
  post.author = author;
  post.body = p.body();
  post.in_reply_to = reply_to;
  KMHUB_RPC_ASSIGN_OR_RETURN(post.mentions, ResolveMentions(p.body(), "post.body"));
  checked.post = std::move(post);
  checked.author = store::CurrentChangeAuthor();  // the caller's, while `caller` holds it
  checked.category_code = context->category_code;
  checked.thread_title = context->thread_title;
  checked.accepted_post_id = context->accepted_post_id;
  return grpc::Status::OK;
}

grpc::Status ForumApi::ListForumPosts(grpc::ServerContext* ctx, const kmhub::v1::ListForumPostsRequest* req,
                                      kmhub::v1::ListForumPostsResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread_id, ParseForumThreadName(req->parent(), "parent"));
  const auto fingerprint = QueryFingerprint("forumPosts|" + req->parent());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread, forums_.GetThread(thread_id));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page,
                             forums_.ListPosts(thread_id, {cursor.last_sort_value, cursor.last_id, page_size}));
  for (const auto& p : page.items) ToProto(p, thread.accepted_post_id, out->add_posts());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status ForumApi::UpdateForumPost(grpc::ServerContext* ctx, const kmhub::v1::UpdateForumPostRequest* req,
                                       kmhub::v1::ForumPost* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseForumPostName(req->post().name(), "post.name"));
  Violations v;
  domain::CheckPostBody(v, "post.body", req->post().body());
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_POST"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto existing, forums_.GetPost(key.thread_id, key.post_id));
  // A scoped caller edits only what its organisation's contacts wrote.
  if (!caller.Covers(existing.author.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->post().name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto mentions, ResolveMentions(req->post().body(), "post.body"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto post, forums_.UpdatePost(key.thread_id, key.post_id, req->post().body(),
                                                                 store::ContactIds(mentions)));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread, forums_.GetThread(key.thread_id));
  ToProto(post, thread.accepted_post_id, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::AcceptForumAnswer(grpc::ServerContext* ctx, const kmhub::v1::AcceptForumAnswerRequest* req,
                                         kmhub::v1::ForumThread* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread_id, ParseForumThreadName(req->thread(), "thread"));
  std::int64_t post_id = 0;
  if (!req->post().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseForumPostName(req->post(), "post"));
    if (key.thread_id != thread_id)
      return ToGrpcStatus(InvalidArgument("ANSWER_ELSEWHERE", "the answer must be a post of the thread",
                                          {{"post", "a post of " + req->thread()}}));
    post_id = key.post_id;
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread, forums_.GetThread(thread_id));
  // The asker's side accepts: a scoped caller only on its own organisation's threads.
  if (!caller.Covers(thread.author.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->thread()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto answered, forums_.AcceptAnswer(thread_id, post_id));
  ToProto(answered, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::LockForumThread(grpc::ServerContext* ctx, const kmhub::v1::LockForumThreadRequest* req,
                                       kmhub::v1::ForumThread* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kModerate, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("moderating the hub's forums"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread_id, ParseForumThreadName(req->name(), "name"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto thread, forums_.Lock(thread_id, req->locked()));
  ToProto(thread, out);
  return grpc::Status::OK;
}

grpc::Status ForumApi::SearchForum(grpc::ServerContext* ctx, const kmhub::v1::SearchForumRequest* req,
                                   kmhub::v1::SearchForumResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto query, domain::ParseSearchQuery(req->query(), "query"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size() == 0 ? kDefaultSearchPage
                                                                                         : req->page_size(),
                                                                  kMaxSearchPage));
  store::ForumSearchFilter filter;
  filter.fts5_query = query.ToFts5();
  filter.websearch_query = query.ToWebSearch();
  for (const auto& term : query.terms)
    if (!term.excluded) filter.wanted_words.insert(filter.wanted_words.end(), term.words.begin(), term.words.end());
  if (!req->category().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.category_code, ParseForumCategoryName(req->category(), "category"));
  }
  if (!req->project().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.project_code, ParseProjectName(req->project(), "project"));
  }
  if (!req->author().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseContactName(req->author(), "author"));
    filter.author_contact_id = key.contact_id;
  }
  if (!req->tag().empty() && !domain::IsValidTag(req->tag()))
    return ToGrpcStatus(InvalidArgument("INVALID_FILTER", "'" + req->tag().substr(0, 40) + "' is not a tag",
                                        {{"tag", "lower-case letters, digits and '-'"}}));
  filter.tag = req->tag();
  if (!req->from_date().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.from_micros, DayStartMicros(req->from_date(), 0, "from_date"));
  }
  if (!req->to_date().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(filter.to_micros, DayStartMicros(req->to_date(), 1, "to_date"));
  }
  // Ranked results page by position: the token keeps the offset of the next page.
  const auto fingerprint = QueryFingerprint("forumSearch|" + filter.fts5_query + "|" + req->category() + "|" +
                                            req->tag() + "|" + req->author() + "|" + req->project() + "|" +
                                            req->from_date() + "|" + req->to_date());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  filter.offset = static_cast<int>(std::min<std::int64_t>(cursor.last_id, store::kMaxSearchCount));
  filter.limit = page_size;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto result, forums_.Search(filter));
  for (const auto& h : result.hits) {
    auto* hit = out->add_hits();
    ToProto(h.post, 0, hit->mutable_post());
    hit->set_thread_title(h.thread_title);
    hit->set_category(ForumCategoryName(h.category_code));
    hit->set_snippet(domain::MarkdownSnippet(domain::SnippetOfHit({h.snippet, h.heading, h.heading_words, h.post.body, h.body_words})));
    hit->set_relevance(h.relevance);
  }
  out->set_total(static_cast<int>(result.total));
  out->set_total_capped(result.total_capped);
  const std::int64_t next = filter.offset + static_cast<std::int64_t>(result.hits.size());
  if (static_cast<int>(result.hits.size()) == page_size && next < result.total)
    out->set_next_page_token(EncodePageToken({fingerprint, "", next}));
  return grpc::Status::OK;
}

Expected<WatchTarget> ForumApi::CheckWatch(grpc::ServerContextBase* ctx, const kmhub::v1::WatchForumRequest& req) {
  auto caller = auth_.Require(ctx, Permission::kRead, "WatchForum");
  if (!caller) return caller.error();
  if (req.thread().empty() == req.category().empty())
    return InvalidArgument("WATCH_TARGET", "watch either a thread or a category",
                           {{"thread", "set exactly one of thread and category"}});
  WatchTarget target;
  if (!req.thread().empty()) {
    auto id = ParseForumThreadName(req.thread(), "thread");
    if (!id) return id.error();
    auto thread = forums_.GetThread(*id);  // the last database read of the watch
    if (!thread) return thread.error();
    target.thread_id = *id;
  } else {
    auto code = ParseForumCategoryName(req.category(), "category");
    if (!code) return code.error();
    auto category = forums_.GetCategory(*code);
    if (!category) return category.error();
    target.category_code = *code;
  }
  return target;
}

}  // namespace kmhub::api
