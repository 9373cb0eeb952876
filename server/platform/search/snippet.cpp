#include "server/platform/search/snippet.h"

#include <algorithm>
#include <set>

namespace kmhub::domain {

namespace {

constexpr std::size_t kLeadWords = 2;

SnippetScore ScoreOf(const std::vector<SnippetWord>& words, std::size_t from, std::size_t to) {
  std::set<int> terms;
  SnippetScore score;
  for (std::size_t i = from; i < to; ++i) {
    if (words[i].term < 0) continue;
    terms.insert(words[i].term);
    ++score.matches;
  }
  score.distinct_terms = static_cast<int>(terms.size());
  return score;
}

}  // namespace

Snippet MakeSnippet(std::string_view text, const std::vector<SnippetWord>& words, std::size_t max_words) {
  const std::size_t n = words.size(), size = std::min(std::max<std::size_t>(max_words, 1), n);
  const std::size_t last_start = n - size;
  // Candidate windows: one per match, led by a little context; the text's start when nothing matches.
  std::size_t best_start = 0;
  SnippetScore best = ScoreOf(words, 0, size);
  for (std::size_t i = 0; i < n; ++i) {
    if (words[i].term < 0) continue;
    const std::size_t start = std::min(i > kLeadWords ? i - kLeadWords : 0, last_start);
    const SnippetScore score = ScoreOf(words, start, start + size);
    if (score > best) {
      best = score;
      best_start = start;
    }
  }
  Snippet out;
  out.score = best;
  if (n == 0) {
    out.marked = std::string(text);
    return out;
  }
  const std::size_t end = best_start + size;
  std::size_t at = best_start == 0 ? 0 : words[best_start].begin;
  if (best_start > 0) out.marked = "…";
  for (std::size_t i = best_start; i < end; ++i) {
    const auto& w = words[i];
    out.marked.append(text.substr(at, w.begin - at));
    const auto word = text.substr(w.begin, w.end - w.begin);
    if (w.term >= 0)
      out.marked.append("\x02").append(word).append("\x03");
    else
      out.marked.append(word);
    at = w.end;
  }
  if (end == n)
    out.marked.append(text.substr(at));
  else
    out.marked.append("…");
  return out;
}

std::string SnippetOfHit(const HitText& hit) {
  if (!hit.database_snippet.empty()) return std::string(hit.database_snippet);
  auto body = MakeSnippet(hit.body, hit.body_words);
  if (hit.heading.empty()) return std::move(body.marked);
  auto heading = MakeSnippet(hit.heading, hit.heading_words);
  return heading.score.distinct_terms > body.score.distinct_terms ? std::move(heading.marked) : std::move(body.marked);
}

std::string MarkdownSnippet(std::string_view marked) {
  std::string out;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if ((c == '*' || c == '_') && i + 1 < marked.size() && marked[i + 1] == c) {
      ++i;  // the post's own bold
      continue;
    }
    if (c == '\x02' || c == '\x03') {
      out += "**";
      continue;
    }
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

}  // namespace kmhub::domain
