#include "shared/page_token.h"

#include <catch2/catch.hpp>

#include "shared/base64.h"

using namespace kmhub;

TEST_CASE("a page token round-trips its cursor for the same query") {
  const auto fp = QueryFingerprint("organisations|3|nhs||display_name");
  const PageCursor cursor{fp, "mill road surgery", 42};
  const auto decoded = DecodePageToken(EncodePageToken(cursor), fp);
  REQUIRE(decoded);
  CHECK(decoded->last_id == 42);
  CHECK(decoded->last_sort_value == "mill road surgery");
}

TEST_CASE("an empty page token starts at the first page") {
  const auto decoded = DecodePageToken("", 7);
  REQUIRE(decoded);
  CHECK(decoded->last_id == 0);
}

TEST_CASE("a garbage page token is INVALID_ARGUMENT on page_token") {
  for (const std::string& token : std::vector<std::string>{"garbage!", "Zm9v", Base64UrlEncode("p1\x1fnot-a-number\x1f" "1\x1fx"),
                                  Base64UrlEncode("p1\x1f" "1\x1f-5\x1fx"), std::string(3000, 'A')}) {
    const auto decoded = DecodePageToken(token, 1);
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().code == ErrorCode::kInvalidArgument);
    CHECK(decoded.error().reason == "INVALID_PAGE_TOKEN");
    REQUIRE(decoded.error().violations.size() == 1);
    CHECK(decoded.error().violations[0].field == "page_token");
  }
}

TEST_CASE("a page token from another query is refused") {
  const auto token = EncodePageToken({QueryFingerprint("a"), "x", 1});
  const auto decoded = DecodePageToken(token, QueryFingerprint("b"));
  REQUIRE_FALSE(decoded);
  CHECK(decoded.error().message.find("other filters") != std::string::npos);
}

TEST_CASE("page sizes: 0 is the default, large ones are capped, negative ones refused") {
  CHECK(*ResolvePageSize(0) == kDefaultPageSize);
  CHECK(*ResolvePageSize(10) == 10);
  CHECK(*ResolvePageSize(100000) == kMaxPageSize);
  CHECK(*ResolvePageSize(100, 20) == 20);
  const auto negative = ResolvePageSize(-1);
  REQUIRE_FALSE(negative);
  CHECK(negative.error().violations.at(0).field == "page_size");
}

TEST_CASE("base64url decoding refuses text the encoder never produces") {
  CHECK(Base64UrlDecode(Base64UrlEncode("hello, world")) == std::optional<std::string>("hello, world"));
  CHECK(Base64UrlEncode("\xff\xfe") == "__4");
  CHECK_FALSE(Base64UrlDecode("A"));
  CHECK_FALSE(Base64UrlDecode("a+b="));
  CHECK_FALSE(Base64UrlDecode("__5"));  // non-zero trailing bits
}
