#include "server/platform/db/text_list.h"

namespace kmhub::store {

std::string EncodeList(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = "|";
  for (const auto& item : items) out += item + "|";
  return out;
}

std::vector<std::string> DecodeList(std::string_view encoded) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < encoded.size()) {
    const auto bar = encoded.find('|', start);
    if (bar == std::string_view::npos) {
      out.emplace_back(encoded.substr(start));
      break;
    }
    if (bar > start) out.emplace_back(encoded.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string SortKey(std::string_view display_text) {
  std::string key(display_text);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

std::string PrefixUpperBound(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last < 0xFF) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace kmhub::store
