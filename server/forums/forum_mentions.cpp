#include "server/forums/forum_mentions.h"

#include <algorithm>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

bool IsHandleChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '\'' ||
         c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

// Handles end before trailing punctuation ("thanks @ann.patel." ends at "patel").
std::string TrimHandle(std::string_view h) {
  while (!h.empty() && (h.back() == '.' || h.back() == '-' || h.back() == '\'')) h.remove_suffix(1);
  return AsciiLower(h);
}

void AddOnce(std::vector<Mention>& out, Mention m) {
  const bool seen = std::any_of(out.begin(), out.end(), [&](const Mention& x) { return x.kind == m.kind && x.text == m.text; });
  if (!seen) out.push_back(std::move(m));
}

}  // namespace

std::vector<Mention> FindMentions(std::string_view body) {
  std::vector<Mention> out;
  bool in_fence = false;
  std::size_t line_start = 0;
  while (line_start <= body.size()) {
    std::size_t line_end = body.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = body.size();
    const std::string_view line = body.substr(line_start, line_end - line_start);
    const std::string trimmed = Trim(line);
    if (trimmed.rfind("```", 0) == 0 || trimmed.rfind("~~~", 0) == 0) {
      in_fence = !in_fence;  // a fenced code block: nothing inside mentions anyone
    } else if (!in_fence) {
      bool in_code = false;
      for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '`') {
          in_code = !in_code;
          continue;
        }
        if (in_code || c != '@' || (i > 0 && IsWordChar(line[i - 1]))) continue;
        if (i + 1 < line.size() && line[i + 1] == '[') {
          const auto close = line.find(']', i + 2);
          if (close == std::string_view::npos) continue;
          const std::string inner = Trim(line.substr(i + 2, close - i - 2));
          if (!inner.empty() && inner.size() <= kMaxNameLength) {
            const bool resource = inner.rfind("organisations/", 0) == 0;
            AddOnce(out, {resource ? Mention::Kind::kResourceName : Mention::Kind::kDisplayName, inner});
          }
          i = close;
          continue;
        }
        std::size_t end = i + 1;
        while (end < line.size() && IsHandleChar(line[end])) ++end;
        const std::string handle = TrimHandle(line.substr(i + 1, end - i - 1));
        // A handle has a given and a family part: "@ann.patel", not "@ann" or "@10am".
        const auto dot = handle.rfind('.');
        if (dot != std::string::npos && dot > 0 && dot + 1 < handle.size()) AddOnce(out, {Mention::Kind::kHandle, handle});
        i = end - 1;
      }
    }
    if (line_end == body.size()) break;
    line_start = line_end + 1;
  }
  return out;
}

std::string ContactHandle(std::string_view given_name, std::string_view family_name) {
  auto part = [](std::string_view text) {
    std::string out;
    for (char c : Trim(text)) {
      if (c == ' ' || c == '.') {
        if (!out.empty() && out.back() != '-') out += '-';
      } else {
        out += c;
      }
    }
    return AsciiLower(out);
  };
  const std::string given = part(given_name), family = part(family_name);
  if (given.empty() || family.empty()) return "";
  return given + "." + family;
}

std::string HandleFamily(std::string_view handle) {
  const auto dot = handle.rfind('.');
  return dot == std::string_view::npos ? std::string(handle) : std::string(handle.substr(dot + 1));
}

}  // namespace kmhub::domain
