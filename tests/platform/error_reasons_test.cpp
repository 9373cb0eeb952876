// The one list of error reasons (shared/error_reasons.h): well formed, each sent with its code,
// and every one listed in the README for the people who write clients.
#include "shared/error_reasons.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "server/platform/rpc/status_mapping.h"
#include "tests/support/test_server.h"

using namespace kmhub;

namespace {

std::string ReadmeText() {
  std::ifstream in(std::string(KMHUB_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("error reasons: each declared once, upper snake case, with a meaning") {
  std::set<std::string_view> seen;
  for (const auto& r : kReasons) {
    INFO(r.name);
    CHECK(seen.insert(r.name).second);
    CHECK(r.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string_view::npos);
    CHECK(r.meaning.size() >= 10);
  }
  CHECK(seen.size() >= 100);
  CHECK(FindReason("ORGANISATION_NOT_FOUND")->code == ErrorCode::kNotFound);
  CHECK(FindReason("NO_SUCH_REASON") == nullptr);
}

TEST_CASE("error reasons: each goes out with its canonical code and itself in ErrorInfo") {
  for (const auto& r : kReasons) {
    INFO(r.name);
    const Error error{r.code, std::string(r.name), "a message", {}};
    const grpc::Status status = api::ToGrpcStatus(error);
    CHECK(static_cast<int>(status.error_code()) == static_cast<int>(r.code));
    CHECK(testing::DetailsOf(status).reason == r.name);
  }
}

TEST_CASE("error reasons: the README lists every one with its code") {
  const std::string readme = ReadmeText();
  REQUIRE(readme.find("### Error reasons") != std::string::npos);
  const std::map<ErrorCode, std::string> code_names = {
      {ErrorCode::kCancelled, "CANCELLED"},       {ErrorCode::kInvalidArgument, "INVALID_ARGUMENT"},
      {ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED"}, {ErrorCode::kNotFound, "NOT_FOUND"},
      {ErrorCode::kAlreadyExists, "ALREADY_EXISTS"}, {ErrorCode::kPermissionDenied, "PERMISSION_DENIED"},
      {ErrorCode::kResourceExhausted, "RESOURCE_EXHAUSTED"}, {ErrorCode::kFailedPrecondition, "FAILED_PRECONDITION"},
      {ErrorCode::kAborted, "ABORTED"},           {ErrorCode::kInternal, "INTERNAL"},
      {ErrorCode::kUnavailable, "UNAVAILABLE"},   {ErrorCode::kUnauthenticated, "UNAUTHENTICATED"}};
  for (const auto& r : kReasons) {
    INFO(r.name);
    const std::string row = "| `" + std::string(r.name) + "` | " + code_names.at(r.code) + " |";
    CHECK(readme.find(row) != std::string::npos);
  }
}
