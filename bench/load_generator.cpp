// kmhub-bench: closed-loop load on a running kmhub server. For each concurrency level it
// measures GetOrganisation (through the client library) and a grpc.health.v1 Check (the
// cheapest call the same server can answer) back to back, so that the ratio of the two is
// meaningful on a noisy machine.

#include <CLI/CLI.hpp>
#include <absl/synchronization/mutex.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <random>
#include <thread>
#include <vector>

#include "bench/async_load.h"
#include "bench/cpu_steal.h"
#include "client/kmhub_client.h"
#include "client/request_id.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

using Result = kmhub::bench::LoadResult;

// Where and how to connect: plaintext without a token, or TLS with one.
struct Target {
  std::string address;
  std::string token;
  std::string tls_ca_pem;
  std::string tls_server_name;
};

// One channel per worker, so that workers are independent connections like separate clients.
std::shared_ptr<grpc::Channel> NewChannel(const Target& target, int worker) {
  grpc::ChannelArguments args;
  args.SetInt("kmhub.bench.worker", worker);
  if (target.tls_ca_pem.empty())
    return grpc::CreateCustomChannel(target.address, grpc::InsecureChannelCredentials(), args);
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = target.tls_ca_pem;
  if (!target.tls_server_name.empty()) args.SetSslTargetNameOverride(target.tls_server_name);
  return grpc::CreateCustomChannel(target.address, grpc::SslCredentials(ssl), args);
}

std::shared_ptr<kmhub::client::KmhubClient> ClientOn(const Target& target, std::shared_ptr<grpc::Channel> channel) {
  kmhub::client::ClientOptions options;
  options.server = target.address;
  options.token = target.token;
  options.deadline = std::chrono::seconds(5);
  return std::make_shared<kmhub::client::KmhubClient>(options, std::move(channel));
}

// True for an OK status. The first failure of each kind of call is printed (a smoke run that
// fails on one error in thousands should say which error it was).
bool Succeeded(const grpc::Status& status, const char* call) {
  if (status.ok()) return true;
  static std::mutex mu;
  static std::set<std::string> reported;
  std::lock_guard lock(mu);
  if (reported.insert(call).second)
    std::fprintf(stderr, "%s failed (first failure shown): code %d: %s\n", call, static_cast<int>(status.error_code()),
                 status.error_message().c_str());
  return false;
}

template <typename MakeCall>
Result Measure(const Target& server, int concurrency, double seconds, MakeCall make_call) {
  std::atomic<bool> measuring{false}, stop{false};
  std::atomic<long> completed{0};
  std::vector<std::vector<double>> latencies(concurrency);
  std::vector<long> errors(concurrency, 0);
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      auto call = make_call(NewChannel(server, w));
      latencies[w].reserve(200000);
      while (!stop.load(std::memory_order_relaxed)) {
        const auto start = Clock::now();
        const bool ok = call();
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!measuring.load(std::memory_order_relaxed)) continue;
        if (ok)
          latencies[w].push_back(ms);
        else
          ++errors[w];
        completed.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(std::min(0.5, seconds / 2)));  // warm-up
  measuring = true;
  const auto begin = Clock::now();
  const kmhub::bench::StealMeter steal;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  // A short smoke run on a machine busy with other tests may not finish a single call in its
  // window: wait (a bounded time) for one, so that "no calls" means the calls do not work.
  while (completed.load() == 0 && Clock::now() - begin < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  measuring = false;
  const double steal_percent = steal.Percent();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  stop = true;
  for (auto& t : workers) t.join();

  std::vector<double> all;
  Result r;
  for (int w = 0; w < concurrency; ++w) {
    all.insert(all.end(), latencies[w].begin(), latencies[w].end());
    r.errors += errors[w];
  }
  std::sort(all.begin(), all.end());
  r.calls = static_cast<long>(all.size());
  r.qps = static_cast<double>(all.size()) / elapsed;
  r.steal_percent = steal_percent;
  if (!all.empty()) {
    r.p50_ms = all[all.size() / 2];
    r.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return r;
}

// The table every mode prints: a header, then a row per measurement, the machine's steal
// (cpu_steal.h) last. `width` fits the longest call name of the mode.
void PrintHeader(int width) {
  std::printf("%-*s %11s %10s %10s %10s %8s %7s\n", width, "call", "concurrency", "qps", "p50_ms", "p99_ms", "errors",
              "steal%");
}

void PrintRow(int width, const char* call, int concurrency, const Result& r, long errors) {
  std::printf("%-*s %11d %10.0f %10.3f %10.3f %8ld %7.1f\n", width, call, concurrency, r.qps, r.p50_ms, r.p99_ms,
              errors, r.steal_percent);
}

void PrintRow(int width, const char* call, int concurrency, const Result& r) {
  PrintRow(width, call, concurrency, r, r.errors);
}

}  // namespace

// Async load (bench/async_load.h): `concurrency` calls at a time, each slot on its own channel
// with its own random source; issue(stub, random, ctx, queue) starts a call, check judges it.
template <class Service, class Response, class Issue, class Check>
Result MeasureAsyncOn(const Target& server, int concurrency, double seconds, Issue issue, Check check) {
  return kmhub::bench::MeasureAsync(concurrency, seconds, [&](int i) -> std::unique_ptr<kmhub::bench::AsyncSlot> {
    std::shared_ptr<typename Service::Stub> stub = Service::NewStub(NewChannel(server, i));
    auto random = std::make_shared<std::mt19937>(std::random_device{}());
    return std::make_unique<kmhub::bench::UnarySlot<Response>>(
        [stub, random, issue](grpc::ClientContext* ctx, grpc::CompletionQueue* queue) {
          return issue(*stub, *random, ctx, queue);
        },
        check);
  });
}

// Projects mode: GetProjectStatus of random seeded projects (P-B00000…) and one page (50) of
// ListProjects from random starting points, as bench/seed_projects.cpp wrote them. With
// `async_load` the calls come from the async API (bench/async_load.h) rather than through the
// client library, a thread per concurrent call.
int RunProjects(const Target& server, const std::vector<int>& concurrency, double seconds, int projects,
                bool async_load) {
  using PS = kmhub::v1::ProjectService;
  PrintHeader(18);
  auto status_name = [projects](std::mt19937& rng) {
    char name[32];
    std::snprintf(name, sizeof name, "projects/P-B%05d", static_cast<int>(rng() % static_cast<unsigned>(projects)));
    return std::string(name);
  };
  bool failed = false;
  for (int c : concurrency) {
    Result status, list;
    if (async_load) {
      status = MeasureAsyncOn<PS, kmhub::v1::ProjectStatus>(
          server, c, seconds,
          [status_name](PS::Stub& stub, std::mt19937& random, grpc::ClientContext* ctx, grpc::CompletionQueue* queue) {
            kmhub::v1::GetProjectStatusRequest request;
            request.set_name(status_name(random));
            return stub.AsyncGetProjectStatus(ctx, request, queue);
          },
          [](const kmhub::v1::ProjectStatus& out) { return out.milestone_count() > 0; });
      list = MeasureAsyncOn<PS, kmhub::v1::ListProjectsResponse>(
          server, c, seconds,
          [](PS::Stub& stub, std::mt19937&, grpc::ClientContext* ctx, grpc::CompletionQueue* queue) {
            kmhub::v1::ListProjectsRequest request;
            request.set_page_size(50);
            return stub.AsyncListProjects(ctx, request, queue);
          },
          [](const kmhub::v1::ListProjectsResponse& out) { return out.projects_size() == 50; });
    } else {
      status = Measure(server, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
        auto client = ClientOn(server, std::move(channel));
        auto rng = std::make_shared<std::mt19937>(std::random_device{}());
        return [client, rng, status_name] {
          kmhub::v1::GetProjectStatusRequest request;
          request.set_name(status_name(*rng));
          kmhub::v1::ProjectStatus out;
          return client->GetProjectStatus(request, &out).ok() && out.milestone_count() > 0;
        };
      });
      list = Measure(server, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
        auto client = ClientOn(server, std::move(channel));
        return [client] {
          kmhub::v1::ListProjectsRequest request;
          request.set_page_size(50);
          kmhub::v1::ListProjectsResponse out;
          return client->ListProjects(request, &out).ok() && out.projects_size() == 50;
        };
      });
    }
    PrintRow(18, "GetProjectStatus", c, status);
    PrintRow(18, "ListProjects(50)", c, list);
    failed = failed || status.errors > 0 || list.errors > 0 || status.calls == 0 || list.calls == 0;
  }
  return failed ? 1 : 0;
}

// ROI mode: RankProjectRoi over every seeded project (P-R00000…, bench/seed_activity.cpp) —
// the first call after the import (which builds the per-project roll-ups) on its own, then
// repeated calls — and ComputeProjectRoi of random projects.
int RunRoi(const Target& server, const std::vector<int>& concurrency, double seconds, int projects) {
  auto client = ClientOn(server, NewChannel(server, 0));
  kmhub::v1::RankProjectRoiRequest all;
  all.set_page_size(1000);
  auto rank = [&] {
    kmhub::v1::RankProjectRoiResponse out;
    return client->RankProjectRoi(all, &out).ok() && out.total() == std::min(projects, 1000);
  };
  const auto first_start = Clock::now();
  const bool first_ok = rank();
  const double first_ms = std::chrono::duration<double, std::milli>(Clock::now() - first_start).count();
  PrintHeader(26);
  std::printf("%-26s %11d %10s %10.3f %10s %8d %7s\n", "RankProjectRoi first", 1, "-", first_ms, "-", first_ok ? 0 : 1,
              "-");
  bool failed = !first_ok;
  const Result ranked = Measure(server, 1, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
    auto c = ClientOn(server, std::move(channel));
    return [c, &all, projects] {
      kmhub::v1::RankProjectRoiResponse out;
      return c->RankProjectRoi(all, &out).ok() && out.total() == std::min(projects, 1000);
    };
  });
  PrintRow(26, "RankProjectRoi(all)", 1, ranked);
  failed = failed || ranked.errors > 0 || ranked.calls == 0;
  for (int c : concurrency) {
    const Result one = Measure(server, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
      auto cl = ClientOn(server, std::move(channel));
      auto rng = std::make_shared<std::mt19937>(std::random_device{}());
      return [cl, rng, projects] {
        char name[32];
        std::snprintf(name, sizeof name, "projects/P-R%05d", static_cast<int>((*rng)() % static_cast<unsigned>(projects)));
        kmhub::v1::ComputeProjectRoiRequest request;
        request.set_name(name);
        kmhub::v1::ProjectRoi out;
        return cl->ComputeProjectRoi(request, &out).ok() && out.before().procedures() > 0;
      };
    });
    PrintRow(26, "ComputeProjectRoi", c, one);
    failed = failed || one.errors > 0 || one.calls == 0;
  }
  return failed ? 1 : 0;
}

// Survey mode: GetSurveyResults of the PBC survey's BENCH wave (bench/seed_survey.cpp), whole
// (every question) and for one question.
int RunSurveyResults(const Target& server, double seconds, long long responses) {
  PrintHeader(28);
  bool failed = false;
  for (const char* question : {"", "PBC1"}) {
    const Result r = Measure(server, 1, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
      auto c = ClientOn(server, std::move(channel));
      return [c, question, responses] {
        kmhub::v1::GetSurveyResultsRequest request;
        request.set_name("surveys/pbc");
        request.set_wave("BENCH");
        request.set_question(question);
        kmhub::v1::SurveyResults out;
        return c->GetSurveyResults(request, &out).ok() && out.results_size() > 0 &&
               out.results(0).n() == responses;
      };
    });
    PrintRow(28, *question ? "GetSurveyResults(question)" : "GetSurveyResults(wave)", 1, r);
    failed = failed || r.errors > 0 || r.calls == 0;
  }
  return failed ? 1 : 0;
}

// The non-empty lines of a file.
std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// Words drawn as bench/seed_forum.cpp drew its posts' words: the word of rank r (words.txt lists
// the commonest first) with probability proportional to 1/r. Drawing changes nothing in here, so
// calls on several threads may share one.
class ZipfWords {
 public:
  explicit ZipfWords(std::vector<std::string> words) : words_(std::move(words)) {
    double total = 0;
    for (std::size_t r = 0; r < words_.size(); ++r) cumulative_.push_back(total += 1.0 / static_cast<double>(r + 1));
  }
  const std::string& Draw(std::mt19937& random) const {
    const double at = std::uniform_real_distribution<double>(0, cumulative_.back())(random);
    const auto rank = std::upper_bound(cumulative_.begin(), cumulative_.end(), at) - cumulative_.begin();
    return words_[std::min(static_cast<std::size_t>(rank), words_.size() - 1)];
  }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

// Forum mode: SearchForum (queries from queries.txt) and CreateForumPost (~30-word replies into
// random threads, by authors from authors.txt, each with a request id of its own), as
// bench/seed_forum.cpp wrote them, then SearchForum again at the highest concurrency ("after");
// `async_load` as in projects mode. The replies' words are drawn
// as the seeded posts' were (words.txt): drawn from the queries instead, as they once were, every
// post added hundreds of hits to the searches, which after a few runs of posting were half as
// fast on an index only a quarter larger.
int RunForum(const Target& server, const std::vector<int>& concurrency, double seconds, int posts,
             const std::string& dir, bool async_load) {
  using FS = kmhub::v1::ForumService;
  const auto queries = Lines(dir + "/queries.txt"), authors = Lines(dir + "/authors.txt");
  auto vocabulary = Lines(dir + "/words.txt");
  if (queries.empty() || authors.empty() || vocabulary.empty()) {
    std::fprintf(stderr, "no queries.txt, authors.txt or words.txt in %s (written by kmhub-bench-forum)\n",
                 dir.c_str());
    return 1;
  }
  const ZipfWords words(std::move(vocabulary));
  const int threads = std::max(1, posts / 10);
  auto search_request = [&queries](std::mt19937& random) {
    kmhub::v1::SearchForumRequest request;
    request.set_query(queries[random() % queries.size()]);
    return request;
  };
  auto post_request = [&authors, &words, threads](std::mt19937& random) {
    kmhub::v1::CreateForumPostRequest request;
    request.set_parent("forumThreads/" + std::to_string(1 + random() % static_cast<unsigned>(threads)));
    request.mutable_post()->mutable_author()->set_contact(authors[random() % authors.size()]);
    std::string body = "Thanks. On";
    for (int w = 0; w < 30; ++w) body.append(" ").append(words.Draw(random));
    request.mutable_post()->set_body(body);
    // As the client library gives every post (so that a retry cannot post twice): the server then
    // looks it up in the request log and records it there, part of what a post costs.
    request.set_request_id(kmhub::client::NewRequestId());
    return request;
  };
  PrintHeader(18);
  bool failed = false;
  std::atomic<long> hits{0}, searches{0};
  auto count_hits = [&hits, &searches](const kmhub::v1::SearchForumResponse& out) {
    hits.fetch_add(out.hits_size(), std::memory_order_relaxed);
    searches.fetch_add(1, std::memory_order_relaxed);
    return true;
  };
  auto measure_search = [&](int c) {
    if (async_load)
      return MeasureAsyncOn<FS, kmhub::v1::SearchForumResponse>(
          server, c, seconds,
          [search_request](FS::Stub& stub, std::mt19937& random, grpc::ClientContext* ctx,
                           grpc::CompletionQueue* queue) {
            return stub.AsyncSearchForum(ctx, search_request(random), queue);
          },
          count_hits);
    return Measure(server, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
      auto client = ClientOn(server, std::move(channel));
      auto random = std::make_shared<std::mt19937>(std::random_device{}());
      return [client, random, search_request, count_hits] {
        kmhub::v1::SearchForumResponse out;
        return client->SearchForum(search_request(*random), &out).ok() && count_hits(out);
      };
    });
  };
  for (int c : concurrency) {
    const Result search = measure_search(c);
    PrintRow(18, "SearchForum", c, search);
    failed = failed || search.errors > 0 || search.calls == 0;
  }
  std::printf("(a search returned %.1f hits on average: pages of up to 10)\n",
              searches ? static_cast<double>(hits) / static_cast<double>(searches) : 0.0);
  for (int c : concurrency) {
    Result post;
    if (async_load) {
      post = MeasureAsyncOn<FS, kmhub::v1::ForumPost>(
          server, c, seconds,
          [post_request](FS::Stub& stub, std::mt19937& random, grpc::ClientContext* ctx, grpc::CompletionQueue* queue) {
            return stub.AsyncCreateForumPost(ctx, post_request(random), queue);
          },
          [](const kmhub::v1::ForumPost& out) { return !out.name().empty(); });
    } else {
      post = Measure(server, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
        auto client = ClientOn(server, std::move(channel));
        auto random = std::make_shared<std::mt19937>(std::random_device{}());
        return [client, random, post_request] {
          kmhub::v1::ForumPost out;
          return client->CreateForumPost(post_request(*random), &out).ok();
        };
      });
    }
    PrintRow(18, "CreateForumPost", c, post);
    failed = failed || post.errors > 0 || post.calls == 0;
  }
  // The index as the posting just left it (new segments, pages still in the log being copied
  // back): what searches meet on a forum that is being written to.
  if (!concurrency.empty()) {
    const int busiest = *std::max_element(concurrency.begin(), concurrency.end());
    const Result after = measure_search(busiest);
    PrintRow(18, "SearchForum after", busiest, after);
    failed = failed || after.errors > 0 || after.calls == 0;
  }
  return failed ? 1 : 0;
}

// Secure mode: GetOrganisation on the plaintext, no-auth server and on the TLS + token server,
// alternating in rounds so that both see the same machine; reports the ratio of the two.
int RunSecureComparison(const Target& plain, const Target& secure, const std::vector<int>& concurrency, double seconds,
                        const std::string& organisation) {
  PrintHeader(26);
  bool failed = false;
  for (int c : concurrency) {
    auto get_on = [&](const Target& target) {
      return Measure(target, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
        auto client = ClientOn(target, std::move(channel));
        return [client, &organisation] {
          kmhub::v1::Organisation out;
          return Succeeded(client->GetOrganisation(organisation, &out), "GetOrganisation");
        };
      });
    };
    // Two rounds each, interleaved; the better round of each counts (noise only slows a run down).
    Result p1 = get_on(plain), s1 = get_on(secure), p2 = get_on(plain), s2 = get_on(secure);
    const Result& p = p1.qps >= p2.qps ? p1 : p2;
    const Result& s = s1.qps >= s2.qps ? s1 : s2;
    PrintRow(26, "GetOrganisation plain", c, p, p1.errors + p2.errors);
    PrintRow(26, "GetOrganisation TLS+token", c, s, s1.errors + s2.errors);
    std::printf("ratio TLS+token/plain QPS at %d concurrent: %.2f (target >= 0.75)\n", c, p.qps > 0 ? s.qps / p.qps : 0.0);
    failed = failed || p1.errors + p2.errors + s1.errors + s2.errors > 0 || p.calls == 0 || s.calls == 0;
  }
  return failed ? 1 : 0;
}

int main(int argc, char** argv) {
  // As in the server: Debian's Abseil checks every gRPC mutex acquisition for lock-order cycles,
  // and this process shares the cores with the server it measures.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::string server = kmhub::client::DefaultServerAddress();
  Target secure;
  std::string tls_ca_file;
  std::string organisation = "organisations/1";
  std::vector<int> concurrency = {1, 16};
  double seconds = 5;
  int projects = 0, roi = 0, forum = 0;
  std::string forum_dir = ".";
  long long survey = 0;
  CLI::App app{"kmhub-bench: GetOrganisation vs grpc.health.v1 Check (or the projects calls), QPS and latency"};
  app.add_option("--server", server, "Server address")->capture_default_str();
  app.add_option("--organisation", organisation, "Organisation to read")->capture_default_str();
  app.add_option("--concurrency", concurrency, "Concurrent calls (repeatable)")->capture_default_str();
  app.add_option("--seconds", seconds, "Measured seconds per run")->capture_default_str();
  app.add_option("--projects", projects, "Projects mode: the number of seeded projects P-B00000…");
  app.add_option("--survey-results", survey, "Survey mode: responses imported into the PBC survey's BENCH wave");
  app.add_option("--roi", roi, "ROI mode: the number of seeded ROI projects P-R00000…");
  app.add_option("--forum", forum, "Forum mode: the number of seeded posts (bench/seed_forum.cpp)");
  app.add_option("--forum-dir", forum_dir, "Forum mode: where authors.txt and queries.txt are");
  std::string load = "library";
  app.add_option("--load", load, "Projects and forum modes: calls through the client library, a thread per "
                                 "concurrent call (library), or from gRPC's async API on one thread (async)")
      ->check(CLI::IsMember({"library", "async"}))
      ->capture_default_str();
  app.add_option("--secure-server", secure.address, "Secure mode: a TLS + token server to compare --server with");
  app.add_option("--token", secure.token, "Token for --secure-server")->envname("KMHUB_TOKEN");
  app.add_option("--tls-ca", tls_ca_file, "CA of --secure-server's certificate")->check(CLI::ExistingFile);
  app.add_option("--tls-server-name", secure.tls_server_name, "Name in --secure-server's certificate");
  CLI11_PARSE(app, argc, argv);
  const Target plain{server, "", "", ""};
  if (!secure.address.empty()) {
    std::ifstream in(tls_ca_file);
    std::ostringstream pem;
    pem << in.rdbuf();
    secure.tls_ca_pem = pem.str();
    return RunSecureComparison(plain, secure, concurrency, seconds, organisation);
  }
  if (projects > 0) return RunProjects(plain, concurrency, seconds, projects, load == "async");
  if (roi > 0) return RunRoi(plain, concurrency, seconds, roi);
  if (survey > 0) return RunSurveyResults(plain, seconds, survey);
  if (forum > 0) return RunForum(plain, concurrency, seconds, forum, forum_dir, load == "async");

  PrintHeader(18);
  bool failed = false;
  for (int c : concurrency) {
    const Result get = Measure(plain, c, seconds, [&](std::shared_ptr<grpc::Channel> channel) {
      auto client = ClientOn(plain, std::move(channel));
      return [client, &organisation] {
        kmhub::v1::Organisation out;
        return Succeeded(client->GetOrganisation(organisation, &out), "GetOrganisation");
      };
    });
    const Result health = Measure(plain, c, seconds, [](std::shared_ptr<grpc::Channel> channel) {
      auto stub = std::shared_ptr<grpc::health::v1::Health::Stub>(grpc::health::v1::Health::NewStub(channel));
      return [stub] {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        grpc::health::v1::HealthCheckRequest request;
        grpc::health::v1::HealthCheckResponse response;
        return Succeeded(stub->Check(&ctx, request, &response), "health.Check");
      };
    });
    PrintRow(18, "GetOrganisation", c, get);
    PrintRow(18, "health.Check", c, health);
    std::printf("ratio GetOrganisation/health QPS at %d concurrent: %.2f\n", c,
                health.qps > 0 ? get.qps / health.qps : 0.0);
    failed = failed || get.errors > 0 || get.calls == 0 || health.calls == 0;
  }
  return failed ? 1 : 0;
}
