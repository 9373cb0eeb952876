#include "server/projects/milestone_links.h"

#include <cctype>
#include <regex>

#include "server/platform/rules/text_rules.h"
#include "shared/link_notation.h"

namespace kmhub::domain {

namespace {

std::optional<LinkType> TypeOf(std::string_view code) {
  if (code == "FS") return LinkType::kFinishToStart;
  if (code == "SS") return LinkType::kStartToStart;
  if (code == "FF") return LinkType::kFinishToFinish;
  if (code == "SF") return LinkType::kStartToFinish;
  return std::nullopt;
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

}  // namespace

std::string LinkSuffix(const LinkTiming& timing) {
  return LinkNotation(static_cast<int>(timing.type), timing.lag_days);
}

std::optional<WrittenLink> ParseWrittenLink(std::string_view written, std::string* problem) {
  // The key, then optionally a type and, after the type only, a signed lag in days: MS Project
  // writes a lag only with a type ("4FS+2d"), so "t-3" is a key with a dash in it.
  static const std::regex kLink(R"(^(.+?)(?:(FS|SS|FF|SF)(?:([+-])(\d{1,5})(?:D|DAYS?)?)?)?$)", std::regex::icase);
  static const std::regex kUntypedLag(R"(^.+[+-]\d+\s*(?:D|DAYS?)$)", std::regex::icase);
  const std::string text = WithoutSpaces(written);
  std::smatch match;
  if (text.empty() || !std::regex_match(text, match, kLink)) {
    *problem = "'" + std::string(written) + "' names no predecessor";
    return std::nullopt;
  }
  if (!match[2].matched && std::regex_match(text, kUntypedLag)) {
    *problem = "'" + std::string(written) + "' has a lag but no link type (FS, SS, FF or SF) before it";
    return std::nullopt;
  }
  WrittenLink link;
  link.key = match[1].str();
  if (match[2].matched) link.timing.type = *TypeOf(AsciiUpper(match[2].str()));
  if (match[4].matched) {
    const int lag = std::stoi(match[4].str());
    if (lag > kMaxLagDays) {
      *problem = "the lag in '" + std::string(written) + "' is more than " + std::to_string(kMaxLagDays) + " days";
      return std::nullopt;
    }
    link.timing.lag_days = match[3].str() == "-" ? -lag : lag;
  }
  return link;
}

}  // namespace kmhub::domain
