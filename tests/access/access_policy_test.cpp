#include "server/platform/rules/access_policy.h"

#include <catch2/catch.hpp>
#include <set>

#include "server/access/token_secret.h"

using namespace kmhub;
using namespace kmhub::domain;

TEST_CASE("roles: viewers read, editors also write, only admins import, manage tokens and read the audit log") {
  for (Role r : {Role::kViewer, Role::kEditor, Role::kAdmin}) CHECK(RoleAllows(r, Permission::kRead));
  CHECK_FALSE(RoleAllows(Role::kViewer, Permission::kWrite));
  CHECK(RoleAllows(Role::kEditor, Permission::kWrite));
  CHECK(RoleAllows(Role::kAdmin, Permission::kWrite));
  for (Permission p : {Permission::kImport, Permission::kManageTokens, Permission::kReadAudit}) {
    CHECK_FALSE(RoleAllows(Role::kViewer, p));
    CHECK_FALSE(RoleAllows(Role::kEditor, p));
    CHECK(RoleAllows(Role::kAdmin, p));
  }
}

TEST_CASE("roles: parsed from their names only") {
  CHECK(*ParseRole("editor") == Role::kEditor);
  const auto bad = ParseRole("root");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reason == "UNKNOWN_ROLE");
  CHECK(IsKnownRole(3));
  CHECK_FALSE(IsKnownRole(0));
  CHECK_FALSE(IsKnownRole(4));
}

TEST_CASE("scope: an unscoped caller covers every organisation, a scoped one only its own") {
  Principal hub{1, "token 1 (hub)", Role::kViewer, std::nullopt};
  Principal practice{2, "token 2 (practice)", Role::kEditor, 11};
  CHECK(CoversOrganisation(hub, 5));
  CHECK(CoversOrganisation(practice, 11));
  CHECK_FALSE(CoversOrganisation(practice, 5));
  const auto e = OutOfScope(practice, "organisations/5");
  CHECK(e.code == ErrorCode::kPermissionDenied);
  CHECK(e.reason == "OUT_OF_SCOPE");
  CHECK(e.message == "token 2 (practice) is scoped to organisations/11 and may not reach organisations/5");
}

TEST_CASE("token secrets: random, well-formed, and hashed the same way every time") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto secret = NewTokenSecret();
    CHECK(LooksLikeTokenSecret(secret));
    CHECK(seen.insert(secret).second);
  }
  const auto secret = *seen.begin();
  CHECK(HashTokenSecret(secret).size() == 64);
  CHECK(HashTokenSecret(secret) != HashTokenSecret(secret + "x"));
  CHECK(HashTokenSecret(secret).find(secret.substr(6)) == std::string::npos);
  CHECK_FALSE(LooksLikeTokenSecret("kmhub_short"));
  CHECK_FALSE(LooksLikeTokenSecret("other_" + std::string(43, 'a')));
  CHECK_FALSE(LooksLikeTokenSecret("kmhub_" + std::string(42, 'a') + "!"));
}

TEST_CASE("token hashes are unkeyed BLAKE2b-256, lower-case hex (RFC 7693 test vectors)") {
  // BLAKE2b with a 32-byte digest and no key, as published (and as Python's
  // hashlib.blake2b(data, digest_size=32) gives): a stored hash can be checked by anyone.
  CHECK(HashTokenSecret("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(HashTokenSecret("abc") == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}
