#include "server/platform/search/search_query.h"

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

// Letters (any non-ASCII byte counts as part of a letter) and digits.
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::vector<std::string> WordsOf(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (IsWordByte(c)) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(AsciiLower(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(AsciiLower(current));
  return words;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

Expected<SearchQuery> ParseSearchQuery(std::string_view text, const std::string& field) {
  if (Utf8Length(text) < 0 || text.size() > 800)
    return InvalidArgument("INVALID_QUERY", "the search is not valid UTF-8 text of at most 200 characters",
                           {{field, "at most 200 characters of text"}});
  SearchQuery query;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    bool excluded = false;
    if (c == '-') {
      excluded = true;
      ++i;
    }
    std::string_view chunk;
    if (i < text.size() && text[i] == '"') {
      const auto close = text.find('"', i + 1);
      const auto end = close == std::string_view::npos ? text.size() : close;
      chunk = text.substr(i + 1, end - i - 1);
      i = end == text.size() ? end : end + 1;
      auto words = WordsOf(chunk);
      if (!words.empty()) query.terms.push_back({std::move(words), excluded});
      continue;
    }
    auto end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '"') ++end;
    chunk = text.substr(i, end - i);
    i = end;
    // "follow-up" is two words that must both occur; a word's own punctuation splits it.
    for (auto& w : WordsOf(chunk)) query.terms.push_back({{std::move(w)}, excluded});
  }
  bool any_wanted = false;
  for (const auto& t : query.terms) any_wanted = any_wanted || !t.excluded;
  if (!any_wanted)
    return InvalidArgument("EMPTY_QUERY", "give at least one word to search for",
                           {{field, "at least one word that is not excluded with '-'"}});
  if (query.terms.size() > kMaxSearchTerms)
    return InvalidArgument("QUERY_TOO_LONG", "a search has at most " + std::to_string(kMaxSearchTerms) + " words or phrases",
                           {{field, "at most " + std::to_string(kMaxSearchTerms) + " words or phrases"}});
  return query;
}

std::string SearchQuery::ToFts5() const {
  std::string out;
  // FTS5's NOT is binary ("a NOT b"), so the wanted terms come first.
  for (const auto& t : terms)
    if (!t.excluded) out += (out.empty() ? "\"" : " \"") + Joined(t.words) + "\"";
  for (const auto& t : terms)
    if (t.excluded) out += " NOT \"" + Joined(t.words) + "\"";
  return out;
}

std::string SearchQuery::ToWebSearch() const {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += ' ';
    if (t.excluded) out += '-';
    out += t.words.size() > 1 ? "\"" + Joined(t.words) + "\"" : t.words.front();
  }
  return out;
}

}  // namespace kmhub::domain
