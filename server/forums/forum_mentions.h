#pragma once
// `@mentions` in a forum post's Markdown body. Three forms:
//   @ann.patel                         given.family name (lower case; spaces as '-')
//   @[Dr Ann Patel]                    a contact's display name, as the address book has it
//   @[organisations/4/contacts/17]     a contact's resource name, when a name is ambiguous
// An '@' inside a word (an e-mail address) or inside `code` is not a mention.

#include <string>
#include <string_view>
#include <vector>

namespace kmhub::domain {

struct Mention {
  enum class Kind { kHandle, kDisplayName, kResourceName };
  Kind kind = Kind::kHandle;
  std::string text;  // without '@' and brackets: "ann.patel", "Dr Ann Patel", "organisations/4/contacts/17"
};

inline constexpr std::size_t kMaxMentionsPerPost = 20;

// The distinct mentions of `body`, in order of first appearance.
std::vector<Mention> FindMentions(std::string_view body);

// A contact's handle: "ann.patel" for Ann Patel, "mary-jane.o'neil" for Mary Jane O'Neil;
// empty without a given or a family name.
std::string ContactHandle(std::string_view given_name, std::string_view family_name);

// The family part of a handle ("patel" of "ann.patel"), for finding candidates.
std::string HandleFamily(std::string_view handle);

}  // namespace kmhub::domain
