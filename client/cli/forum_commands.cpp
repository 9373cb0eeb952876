#include "client/cli/forum_commands.h"

#include <atomic>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "client/cli/enum_names.h"
#include "client/platform.h"

namespace kmhub::cli {

namespace {

using namespace kmhub::v1;

struct ForumFlags {
  std::string category, thread, post, title, body, body_file, as, to, query, tag, project, author, from, until, state,
      page_token, code, description;
  std::vector<std::string> tags, projects, roles;
  int page_size = 0;
  bool all = false, unlock = false, withdraw = false;
  double watch_minutes = 480;
};

std::string CategoryArgument(const std::string& s) {
  return s.rfind("forumCategories/", 0) == 0 ? s : "forumCategories/" + s;
}
std::string ThreadArgument(const std::string& s) { return s.rfind("forumThreads/", 0) == 0 ? s : "forumThreads/" + s; }
// "34" is post 34 of the thread; a full name is kept.
std::string PostArgument(const std::string& thread, const std::string& s) {
  return s.rfind("forumThreads/", 0) == 0 ? s : ThreadArgument(thread) + "/posts/" + s;
}
std::string ProjectArgument(const std::string& s) { return s.rfind("projects/", 0) == 0 ? s : "projects/" + s; }
std::string Tail(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// "2010-03-04 09:15" in UTC.
std::string When(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  const std::time_t secs = static_cast<std::time_t>(t.seconds());
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &secs);
#else
  gmtime_r(&secs, &tm);
#endif
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string Roles(const google::protobuf::RepeatedField<int>& roles) {
  std::vector<std::string> labels;
  for (int r : roles) labels.push_back(EnumLabel(ForumRole_descriptor(), r));
  return Join(labels);
}

std::string Author(const ForumMember& m) { return m.display_name() + " (" + m.organisation_display_name() + ")"; }

// The body from --body, --body-file, or "-" for standard input.
bool ReadBody(CommandContext& ctx, const ForumFlags& f, std::string* body) {
  if (f.body_file.empty()) {
    *body = f.body;
    if (body->empty()) ctx.exit_code = ctx.BadInput("give the post's text with --body TEXT or --body-file FILE (- for stdin)");
    return !body->empty();
  }
  std::ostringstream text;
  if (f.body_file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(f.body_file, std::ios::binary);
    if (!in) {
      ctx.exit_code = ctx.BadInput("cannot read " + f.body_file);
      return false;
    }
    text << in.rdbuf();
  }
  *body = text.str();
  return true;
}

int Categories(CommandContext& ctx) {
  ListForumCategoriesResponse out;
  if (auto status = ctx.client().ListForumCategories(&out); !status.ok()) return ctx.Fail(status);
  Table table{{"CATEGORY", "TITLE", "OPEN TO", "THREADS", "POSTS"}, {}};
  for (const auto& c : out.categories())
    table.rows.push_back({c.code(), c.title(), c.roles_size() == 8 ? "all members" : Roles(c.roles()),
                          std::to_string(c.thread_count()), std::to_string(c.post_count())});
  return ctx.EmitList(out, table);
}

int CreateCategory(CommandContext& ctx, const ForumFlags& f) {
  CreateForumCategoryRequest request;
  auto* c = request.mutable_category();
  c->set_code(f.code);
  c->set_title(f.title);
  c->set_description(f.description);
  for (const auto& r : f.roles) {
    const auto role = ParseEnum(ForumRole_descriptor(), r);
    if (!role || *role == 0) return ctx.BadInput("--role is one of " + EnumChoices(ForumRole_descriptor()) + ", not '" + r + "'");
    c->add_roles(static_cast<ForumRole>(*role));
  }
  ForumCategory out;
  if (auto status = ctx.client().CreateForumCategory(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  return ctx.EmitOne(out, {{"Category", "Title", "Open to"}, {{out.name(), out.title(), Roles(out.roles())}}});
}

Table ThreadsTable(const google::protobuf::RepeatedPtrField<ForumThread>& threads) {
  Table table{{"THREAD", "CATEGORY", "TITLE", "STATE", "POSTS", "STARTED BY", "LAST POST", "TAGS", "PROJECTS"}, {}};
  for (const auto& t : threads) {
    std::vector<std::string> projects;
    for (const auto& p : t.projects()) projects.push_back(Tail(p));
    table.rows.push_back({Tail(t.name()), Tail(t.category()), t.title(), EnumLabel(ThreadState_descriptor(), t.state()),
                          std::to_string(t.post_count()), t.author().display_name(), When(t.last_post_time()),
                          Join({t.tags().begin(), t.tags().end()}), Join(projects)});
  }
  return table;
}

int Threads(CommandContext& ctx, const ForumFlags& f) {
  ListForumThreadsRequest request;
  if (!f.category.empty()) request.set_category(CategoryArgument(f.category));
  if (!f.project.empty()) request.set_project(ProjectArgument(f.project));
  request.set_tag(f.tag);
  if (!f.state.empty()) {
    const auto state = ParseEnum(ThreadState_descriptor(), f.state);
    if (!state || *state == 0) return ctx.BadInput("--state is one of " + EnumChoices(ThreadState_descriptor()));
    request.set_state(static_cast<ThreadState>(*state));
  }
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  ListForumThreadsResponse out;
  const auto status = FetchPages(request, f.all, &out,
                                 [&](const ListForumThreadsRequest& r, ListForumThreadsResponse* page) {
                                   return ctx.client().ListForumThreads(r, page);
                                 },
                                 [](ListForumThreadsResponse& r) { return r.mutable_threads(); });
  if (!status.ok()) return ctx.Fail(status);
  return EmitPages(ctx, out, ThreadsTable(out.threads()));
}

// A post as the thread view prints it, indented by how deep in replies it sits.
void PrintPost(const ForumPost& p, int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 4, ' ');
  std::cout << indent << "── " << Author(p.author()) << ", " << When(p.create_time());
  if (p.has_edit_time()) std::cout << " (edited " << When(p.edit_time()) << ")";
  if (p.accepted()) std::cout << "  ✔ accepted answer";
  std::cout << "  [" << Tail(p.name()) << "]\n";
  std::istringstream lines(p.body());
  std::string line;
  while (std::getline(lines, line)) std::cout << indent << "   " << line << '\n';
  std::cout << '\n';
}

int Show(CommandContext& ctx, const ForumFlags& f) {
  ForumThread thread;
  if (auto status = ctx.client().GetForumThread(ThreadArgument(f.thread), &thread); !status.ok()) return ctx.Fail(status);
  ListForumPostsRequest request;
  request.set_parent(thread.name());
  request.set_page_size(500);
  ListForumPostsResponse posts;
  const auto status = FetchPages(request, true, &posts,
                                 [&](const ListForumPostsRequest& r, ListForumPostsResponse* page) {
                                   return ctx.client().ListForumPosts(r, page);
                                 },
                                 [](ListForumPostsResponse& r) { return r.mutable_posts(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table{{"POST", "AUTHOR", "ORGANISATION", "WRITTEN", "EDITED", "IN REPLY TO", "ACCEPTED", "BODY"}, {}};
  for (const auto& p : posts.posts())
    table.rows.push_back({Tail(p.name()), p.author().display_name(), p.author().organisation_display_name(),
                          When(p.create_time()), When(p.edit_time()), p.in_reply_to().empty() ? "" : Tail(p.in_reply_to()),
                          p.accepted() ? "yes" : "", p.body()});
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(posts, table);

  std::cout << thread.title() << "\n"
            << Tail(thread.category()) << " · " << EnumLabel(ThreadState_descriptor(), thread.state()) << " · "
            << thread.post_count() << " post(s)";
  if (thread.tags_size()) std::cout << " · tags: " << Join({thread.tags().begin(), thread.tags().end()});
  if (thread.projects_size()) {
    std::vector<std::string> projects;
    for (const auto& p : thread.projects()) projects.push_back(Tail(p));
    std::cout << " · projects: " << Join(projects);
  }
  std::cout << "\n\n";
  // Replies sit under the post they answer; a reply to the thread itself sits at the top level.
  std::map<std::string, std::vector<const ForumPost*>> children;
  std::vector<const ForumPost*> roots;
  std::map<std::string, bool> present;
  for (const auto& p : posts.posts()) present[p.name()] = true;
  for (const auto& p : posts.posts()) {
    if (!p.in_reply_to().empty() && present.count(p.in_reply_to()))
      children[p.in_reply_to()].push_back(&p);
    else
      roots.push_back(&p);
  }
  std::function<void(const ForumPost*, int)> walk = [&](const ForumPost* p, int depth) {
    PrintPost(*p, std::min(depth, 6));
    for (const auto* c : children[p->name()]) walk(c, depth + 1);
  };
  for (const auto* p : roots) walk(p, 0);
  return kExitOk;
}

int Open(CommandContext& ctx, const ForumFlags& f) {
  CreateForumThreadRequest request;
  request.set_parent(CategoryArgument(f.category));
  request.set_author(f.as);
  if (!ReadBody(ctx, f, request.mutable_body())) return ctx.exit_code;
  request.mutable_thread()->set_title(f.title);
  for (const auto& t : f.tags) request.mutable_thread()->add_tags(t);
  for (const auto& p : f.projects) request.mutable_thread()->add_projects(ProjectArgument(p));
  ForumThread out;
  if (auto status = ctx.client().CreateForumThread(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  return ctx.EmitOne(out, {{"Thread", "Category", "Title", "Started by"},
                           {{out.name(), out.category(), out.title(), Author(out.author())}}});
}

int Reply(CommandContext& ctx, const ForumFlags& f) {
  CreateForumPostRequest request;
  request.set_parent(ThreadArgument(f.thread));
  request.mutable_post()->mutable_author()->set_contact(f.as);
  if (!ReadBody(ctx, f, request.mutable_post()->mutable_body())) return ctx.exit_code;
  if (!f.to.empty()) request.mutable_post()->set_in_reply_to(PostArgument(f.thread, f.to));
  ForumPost out;
  if (auto status = ctx.client().CreateForumPost(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  std::vector<std::string> mentioned;
  for (const auto& m : out.mentions()) mentioned.push_back(m.display_name());
  return ctx.EmitOne(out, {{"Post", "Author", "Mentions"}, {{out.name(), Author(out.author()), Join(mentioned)}}});
}

int Accept(CommandContext& ctx, const ForumFlags& f) {
  AcceptForumAnswerRequest request;
  request.set_thread(ThreadArgument(f.thread));
  if (!f.withdraw) {
    if (f.post.empty()) return ctx.BadInput("name the reply to accept (its number or name), or --withdraw");
    request.set_post(PostArgument(f.thread, f.post));
  }
  ForumThread out;
  if (auto status = ctx.client().AcceptForumAnswer(request, &out); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(out, {{"Thread", "State", "Answer"},
                           {{out.name(), EnumLabel(ThreadState_descriptor(), out.state()),
                             out.accepted_post().empty() ? "-" : out.accepted_post()}}});
}

int Lock(CommandContext& ctx, const ForumFlags& f) {
  LockForumThreadRequest request;
  request.set_name(ThreadArgument(f.thread));
  request.set_locked(!f.unlock);
  ForumThread out;
  if (auto status = ctx.client().LockForumThread(request, &out); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(out, {{"Thread", "State"}, {{out.name(), EnumLabel(ThreadState_descriptor(), out.state())}}});
}

// On a terminal, the matched words (between ** and **) in bold; elsewhere the Markdown stays.
std::string Highlighted(const std::string& snippet, bool terminal) {
  if (!terminal) return snippet;
  std::string out;
  bool bold = false;
  for (std::size_t i = 0; i < snippet.size(); ++i) {
    if (snippet.compare(i, 2, "**") == 0) {
      out += bold ? "\033[0m" : "\033[1m";
      bold = !bold;
      ++i;
    } else {
      out += snippet[i] == '\n' ? ' ' : snippet[i];
    }
  }
  return bold ? out + "\033[0m" : out;
}

int Search(CommandContext& ctx, const ForumFlags& f) {
  SearchForumRequest request;
  request.set_query(f.query);
  if (!f.category.empty()) request.set_category(CategoryArgument(f.category));
  if (!f.project.empty()) request.set_project(ProjectArgument(f.project));
  request.set_tag(f.tag);
  request.set_author(f.author);
  request.set_from_date(f.from);
  request.set_to_date(f.until);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  SearchForumResponse out;
  if (auto status = ctx.client().SearchForum(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  Table table{{"POST", "THREAD", "CATEGORY", "AUTHOR", "WRITTEN", "RELEVANCE", "SNIPPET"}, {}};
  for (const auto& h : out.hits())
    table.rows.push_back({h.post().name(), h.thread_title(), Tail(h.category()), h.post().author().display_name(),
                          When(h.post().create_time()), std::to_string(h.relevance()), h.snippet()});
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(out, table);
  const bool terminal = client::IsTerminal(stdout);
  std::cout << out.total() << (out.total_capped() ? "+" : "") << " post(s) match\n\n";
  for (const auto& h : out.hits()) {
    std::cout << h.thread_title() << "  [" << Tail(h.category()) << ", thread " << Tail(h.post().thread()) << ", post "
              << Tail(h.post().name()) << "]\n   " << Author(h.post().author()) << ", " << When(h.post().create_time())
              << "\n   " << Highlighted(h.snippet(), terminal) << "\n\n";
  }
  if (!out.next_page_token().empty()) std::cerr << "(more: add --page-token " << out.next_page_token() << ")\n";
  return kExitOk;
}

std::atomic<bool> interrupted{false};
extern "C" void OnInterrupt(int) { interrupted = true; }

int Watch(CommandContext& ctx, const ForumFlags& f) {
  WatchForumRequest request;
  if (!f.thread.empty()) request.set_thread(ThreadArgument(f.thread));
  if (!f.category.empty()) request.set_category(CategoryArgument(f.category));
  if (request.thread().empty() == request.category().empty())
    return ctx.BadInput("watch a thread (--thread ID) or a category (--category CODE), one of them");
  if (f.watch_minutes <= 0) return ctx.BadInput("--for is a number of minutes above 0");
  auto stream = ctx.client().WatchForum(
      request, std::chrono::milliseconds(static_cast<long long>(f.watch_minutes * 60000.0)));
  // Ctrl-C ends the watch cleanly: the handler only sets a flag, which this thread turns into
  // a cancellation (gRPC is not safe to call from a signal handler).
  std::signal(SIGINT, OnInterrupt);
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done) {
      if (interrupted) {
        stream->Cancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  ForumEvent event;
  while (stream->Read(&event)) {
    if (event.ready()) {
      // On stderr in every format (stdout stays data): a script knows the watch is live.
      std::cerr << "Watching " << (request.thread().empty() ? request.category() : request.thread())
                << " for new posts (Ctrl-C to stop)…" << std::endl;
      continue;
    }
    if (ctx.format() == OutputFormat::kJson) {
      std::cout << ToJson(event, true) << std::endl;  // JSON Lines: one event per line
    } else if (ctx.format() == OutputFormat::kCsv) {
      PrintCsv(std::cout, {{}, {{event.post().name(), event.thread_title(), event.post().author().display_name(),
                                 When(event.post().create_time()), event.post().body()}}});
      std::cout.flush();
    } else {
      std::cout << event.thread_title() << "  [thread " << Tail(event.post().thread()) << "]\n";
      PrintPost(event.post(), 0);
      std::cout.flush();
    }
  }
  done = true;
  canceller.join();
  const auto status = stream->Finish();
  if (interrupted || status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) return kExitOk;  // asked to stop
  return status.ok() ? kExitOk : ctx.Fail(status);
}

}  // namespace

void AddForumCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<ForumFlags>();
  auto* forum = app.add_subcommand("forum", "Forums for clinicians and partners: threads, replies, search, watch");
  forum->require_subcommand(1);
  const std::string as_help = "The contact who writes: organisations/ID/contacts/ID";
  const std::string body_help = "Markdown text; mention people with @given.family or @[Display Name]";

  forum->add_subcommand("categories", "The categories and who may post in them")->callback([&ctx] {
    ctx.exit_code = Categories(ctx);
  });
  auto* category = forum->add_subcommand("category", "Manage categories (admin)");
  category->require_subcommand(1);
  auto* create = category->add_subcommand("create", "A new category, open to the member roles named");
  create->add_option("code", f->code, "Lower-case letters, digits and '-' (pec-chairs)")->required();
  create->add_option("--title", f->title, "Title")->required();
  create->add_option("--description", f->description, "What belongs there");
  create->add_option("--role", f->roles, "A member role that may post (repeat): " + EnumChoices(ForumRole_descriptor()))
      ->required();
  create->callback([&ctx, f] { ctx.exit_code = CreateCategory(ctx, *f); });

  auto* threads = forum->add_subcommand("threads", "Threads, most recently active first");
  threads->add_option("--category", f->category, "Category code");
  threads->add_option("--tag", f->tag, "Tag");
  threads->add_option("--project", f->project, "Project code");
  threads->add_option("--state", f->state, "open, solved or locked");
  threads->add_option("--page-size", f->page_size, "Threads per page");
  threads->add_option("--page-token", f->page_token, "Continue from a previous page");
  threads->add_flag("--all", f->all, "Fetch every page");
  threads->callback([&ctx, f] { ctx.exit_code = Threads(ctx, *f); });

  auto* show = forum->add_subcommand("show", "A thread with its posts, replies indented under what they answer");
  show->add_option("thread", f->thread, "Thread number or forumThreads/ID")->required();
  show->callback([&ctx, f] { ctx.exit_code = Show(ctx, *f); });

  auto* post = forum->add_subcommand("post", "Open a thread in a category");
  post->add_option("category", f->category, "Category code")->required();
  post->add_option("--title", f->title, "Title")->required();
  post->add_option("--as", f->as, as_help)->required();
  post->add_option("--body", f->body, body_help);
  post->add_option("--body-file", f->body_file, "Read the text from a file (- for standard input)");
  post->add_option("--tag", f->tags, "Tag (repeat)");
  post->add_option("--project", f->projects, "Project code the thread is about (repeat)");
  post->callback([&ctx, f] { ctx.exit_code = Open(ctx, *f); });

  auto* reply = forum->add_subcommand("reply", "Reply in a thread");
  reply->add_option("thread", f->thread, "Thread number or forumThreads/ID")->required();
  reply->add_option("--as", f->as, as_help)->required();
  reply->add_option("--body", f->body, body_help);
  reply->add_option("--body-file", f->body_file, "Read the text from a file (- for standard input)");
  reply->add_option("--to", f->to, "The post this answers (its number)");
  reply->callback([&ctx, f] { ctx.exit_code = Reply(ctx, *f); });

  auto* accept = forum->add_subcommand("accept", "Mark a reply as the thread's answer (the thread is solved)");
  accept->add_option("thread", f->thread, "Thread number or forumThreads/ID")->required();
  accept->add_option("post", f->post, "The reply's number");
  accept->add_flag("--withdraw", f->withdraw, "Take the accepted answer away (the thread is open again)");
  accept->callback([&ctx, f] { ctx.exit_code = Accept(ctx, *f); });

  auto* lock = forum->add_subcommand("lock", "Lock a thread: no more posts (admin)");
  lock->add_option("thread", f->thread, "Thread number or forumThreads/ID")->required();
  lock->add_flag("--unlock", f->unlock, "Unlock it instead");
  lock->callback([&ctx, f] { ctx.exit_code = Lock(ctx, *f); });

  auto* search = forum->add_subcommand("search", "Full-text search of titles and posts, best match first");
  search->add_option("query", f->query, "Words (stemmed), \"a phrase\", -excluded")->required();
  search->add_option("--category", f->category, "Category code");
  search->add_option("--tag", f->tag, "Tag");
  search->add_option("--author", f->author, "organisations/ID/contacts/ID");
  search->add_option("--project", f->project, "Project code");
  search->add_option("--from", f->from, "Written on or after YYYY-MM-DD");
  search->add_option("--to", f->until, "Written on or before YYYY-MM-DD");
  search->add_option("--page-size", f->page_size, "Hits per page (default 20, at most 100)");
  search->add_option("--page-token", f->page_token, "Continue from a previous page");
  search->callback([&ctx, f] { ctx.exit_code = Search(ctx, *f); });

  auto* watch = forum->add_subcommand("watch", "Print new posts as they are written, until Ctrl-C");
  watch->add_option("--thread", f->thread, "Thread number or forumThreads/ID");
  watch->add_option("--category", f->category, "Category code");
  watch->add_option("--for", f->watch_minutes, "Stop after this many minutes (default 480)");
  watch->callback([&ctx, f] { ctx.exit_code = Watch(ctx, *f); });
}

}  // namespace kmhub::cli
