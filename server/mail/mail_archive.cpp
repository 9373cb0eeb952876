#include "server/mail/mail_archive.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace kmhub::domain {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view WithoutBom(std::string_view data) {
  return data.substr(0, kBom.size()) == kBom ? data.substr(kBom.size()) : data;
}

// The line starting at `at`, without its line break; `next` is where the following line starts.
std::string_view LineAt(std::string_view data, std::size_t at, std::size_t* next) {
  const auto end = data.find('\n', at);
  *next = end == std::string_view::npos ? data.size() : end + 1;
  std::string_view line = data.substr(at, (end == std::string_view::npos ? data.size() : end) - at);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Empty, or only spaces and tabs: as good as empty between messages.
bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// "Name: value": a field name of printable ASCII without ':' or space, then ':'.
bool IsHeaderLine(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return c > ' ' && c < 127; });
}

// An envelope date's time ("Mon Sep 17 00:00:00 2001"): two digits, ':', two digits.
bool HasTime(std::string_view line) {
  for (std::size_t i = 2; i + 2 < line.size(); ++i)
    if (line[i] == ':' && std::isdigit(static_cast<unsigned char>(line[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(line[i - 2])) && std::isdigit(static_cast<unsigned char>(line[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(line[i + 2])))
      return true;
  return false;
}

// A separator: "From " at `at`, followed by a header line, and either after an empty line (or
// at the start) or carrying an envelope date (git's mailsplit writes them with no empty line).
bool IsSeparator(std::string_view data, std::size_t at, bool after_empty = true) {
  if (data.compare(at, 5, "From ") != 0) return false;
  std::size_t next = 0;
  const auto line = LineAt(data, at, &next);
  if (next >= data.size() || (!after_empty && !HasTime(line))) return false;
  std::size_t after = 0;
  return IsHeaderLine(LineAt(data, next, &after));
}

// The value of a Content-Length header among the headers from `at` to the first empty line, and
// where the body starts; -1 when there is none.
long long ContentLength(std::string_view data, std::size_t at, std::size_t* body) {
  long long length = -1;
  for (std::size_t next = at; at < data.size(); at = next) {
    const auto line = LineAt(data, at, &next);
    if (line.empty()) {
      *body = next;
      return length;
    }
    constexpr std::string_view kName = "content-length:";
    if (line.size() > kName.size()) {
      std::string lower(line.substr(0, kName.size()));
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower == kName) {
        auto value = line.substr(kName.size());
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        long long n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec == std::errc() && n >= 0) length = n;
      }
    }
  }
  *body = data.size();
  return -1;
}

// ">From ", ">>From " …: one '>' fewer.
bool IsQuotedFrom(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i, 5) == "From ";
}

std::string Unquote(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (std::size_t at = 0, next = 0; at < message.size(); at = next) {
    LineAt(message, at, &next);
    const auto raw = message.substr(at, next - at);
    out.append(IsQuotedFrom(raw) ? raw.substr(1) : raw);
  }
  return out;
}

}  // namespace

ArchiveKind DetectArchiveKind(std::string_view data) {
  data = WithoutBom(data);
  // Blank lines before the first separator (git's sample has some) do not make it a message.
  std::size_t at = 0;
  for (std::size_t next = 0; at < data.size(); at = next)
    if (!IsBlank(LineAt(data, at, &next))) break;
  return at < data.size() && IsSeparator(data, at) ? ArchiveKind::kMbox : ArchiveKind::kSingleMessage;
}

std::vector<RawMessage> SplitMbox(std::string_view file) {
  const std::size_t skipped = file.size() - WithoutBom(file).size();
  const std::string_view data = WithoutBom(file);
  std::vector<RawMessage> messages;
  // Separator positions: "From " lines at the start or after an empty line.
  std::size_t at = 0;
  bool after_empty = true;
  std::size_t start = std::string_view::npos;  // the current message's separator
  auto finish = [&](std::size_t end) {
    if (start == std::string_view::npos) return;
    std::size_t body_start = 0;
    LineAt(data, start, &body_start);
    // The empty line before the next separator belongs to the format, not the message.
    std::size_t stop = end;
    if (stop > body_start && data[stop - 1] == '\n') {
      std::size_t before = stop - 1;
      if (before > body_start && data[before - 1] == '\r') --before;
      if (before > body_start && data[before - 1] == '\n') stop = before;
    }
    messages.push_back({skipped + start, static_cast<int>(messages.size()) + 1,
                        Unquote(data.substr(body_start, stop > body_start ? stop - body_start : 0))});
  };
  while (at < data.size()) {
    if (IsSeparator(data, at, after_empty)) {
      finish(at);
      start = at;
      std::size_t headers = 0;
      LineAt(data, at, &headers);
      // mboxcl: trust Content-Length when it ends at the end of the file or at a separator.
      std::size_t body = 0;
      const long long length = ContentLength(data, headers, &body);
      if (length >= 0 && body + static_cast<std::size_t>(length) <= data.size()) {
        std::size_t end = body + static_cast<std::size_t>(length);
        std::size_t probe = end;
        while (probe < data.size() && (data[probe] == '\n' || data[probe] == '\r')) ++probe;
        if (probe >= data.size() || IsSeparator(data, probe)) {
          // Jump to the separator; the lines between are the body.
          at = probe;
          after_empty = true;
          if (probe >= data.size()) break;
          continue;
        }
      }
      at = headers;
      after_empty = false;
      continue;
    }
    std::size_t next = 0;
    const auto line = LineAt(data, at, &next);
    after_empty = IsBlank(line);
    at = next;
  }
  finish(data.size());
  return messages;
}

std::vector<RawMessage> SplitArchive(std::string_view data) {
  if (DetectArchiveKind(data) == ArchiveKind::kMbox) return SplitMbox(data);
  const std::size_t skipped = data.size() - WithoutBom(data).size();
  return {{0, 1, std::string(data.substr(skipped))}};
}

std::string WriteMboxrdMessage(std::string_view message, std::string_view envelope_sender,
                               std::string_view envelope_date) {
  std::string out = "From " + std::string(envelope_sender.empty() ? "MAILER-DAEMON" : envelope_sender) + " " +
                    std::string(envelope_date) + "\n";
  for (std::size_t at = 0, next = 0; at < message.size(); at = next) {
    LineAt(message, at, &next);
    const auto raw = message.substr(at, next - at);
    if (IsQuotedFrom(raw) || raw.substr(0, 5) == "From ") out += '>';
    out.append(raw);
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out + "\n";
}

}  // namespace kmhub::domain
