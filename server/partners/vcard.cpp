#include "server/partners/vcard.h"

#include <iconv.h>

#include <algorithm>

#include <set>

#include "server/partners/contact_rules.h"
#include "server/platform/rules/text_rules.h"
#include "shared/resource_name.h"

namespace kmhub::domain {

namespace {

struct LogicalLine {
  int number = 0;  // first physical line
  std::string text;
};

struct Property {
  std::string name;  // upper-case, group removed
  std::vector<std::pair<std::string, std::string>> params;  // upper-case names
  std::string value;
};

Error Malformed(int line, const std::string& what) {
  const std::string message = "line " + std::to_string(line) + ": " + what;
  return InvalidArgument("MALFORMED_VCARD", "the vCard file is malformed at " + message + "; nothing was imported",
                         {{"vcard_data", message}});
}

bool HasQuotedPrintable(std::string_view line) {
  const auto colon = line.find(':');
  return AsciiUpper(line.substr(0, colon)).find("QUOTED-PRINTABLE") != std::string::npos;
}

// Physical lines -> logical lines: folded continuations (leading space or tab) are joined,
// as are QUOTED-PRINTABLE soft line breaks ("=" at the end of a line).
std::vector<LogicalLine> Unfold(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  std::vector<LogicalLine> lines;
  int number = 0;
  bool qp_continues = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (qp_continues && !lines.empty()) {
      lines.back().text += line;
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !lines.empty()) {
      lines.back().text += line.substr(1);
    } else if (!line.empty()) {
      lines.push_back({number, std::string(line)});
    }
    qp_continues = !lines.empty() && !lines.back().text.empty() && lines.back().text.back() == '=' &&
                   HasQuotedPrintable(lines.back().text);
    if (qp_continues) lines.back().text.pop_back();
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

// Splits at `sep` outside double quotes.
std::vector<std::string> SplitOutsideQuotes(std::string_view s, char sep) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : s) {
    if (c == '"') quoted = !quoted;
    if (c == sep && !quoted)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

std::optional<Property> ParseProperty(const std::string& line) {
  bool quoted = false;
  std::size_t colon = std::string::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  Property p;
  auto parts = SplitOutsideQuotes(std::string_view(line).substr(0, colon), ';');
  p.name = AsciiUpper(Trim(parts[0]));
  if (const auto dot = p.name.rfind('.'); dot != std::string::npos) p.name = p.name.substr(dot + 1);  // group
  if (p.name.empty()) return std::nullopt;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos)
      p.params.emplace_back("TYPE", AsciiUpper(parts[i]));  // vCard 2.1 bare parameter: TEL;CELL
    else
      p.params.emplace_back(AsciiUpper(parts[i].substr(0, eq)), parts[i].substr(eq + 1));
  }
  p.value = line.substr(colon + 1);
  return p;
}

std::string Param(const Property& p, std::string_view name) {
  for (const auto& [k, v] : p.params)
    if (k == name) return v;
  return "";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQuotedPrintable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 2 < s.size() + 0 && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Splits a structured value at unescaped ';' and unescapes each component (RFC 6350 §3.4).
std::vector<std::string> Components(std::string_view value) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\' && i + 1 < value.size()) {
      const char n = value[++i];
      out.back() += (n == 'n' || n == 'N') ? '\n' : n;
    } else if (c == ';') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string Text(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      const char n = value[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += value[i];
    }
  }
  return out;
}

std::string PhoneFromValue(std::string value) {
  if (AsciiLower(value.substr(0, 4)) == "tel:") value = value.substr(4);
  if (const auto ext = value.find(";ext="); ext != std::string::npos) value = value.substr(0, ext) + " ext " + value.substr(ext + 5);
  return Trim(value);
}

// `bytes` in `charset` as UTF-8 (glibc's iconv knows every charset exporters write); nullopt if
// the charset is unknown or the bytes are not in it.
std::optional<std::string> ToUtf8(std::string_view bytes, const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(bytes.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size(), out_left = out.size();
  char* to = out.data();
  const auto done = iconv(cd, &in, &in_left, &to, &out_left);
  iconv_close(cd);
  if (done == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

// Binary properties: kmhub keeps no pictures, sounds or keys inline.
bool IsInlineBinary(const Property& p) {
  if (p.name != "PHOTO" && p.name != "LOGO" && p.name != "SOUND" && p.name != "KEY") return false;
  const auto encoding = AsciiUpper(Param(p, "ENCODING"));
  return encoding == "B" || encoding == "BASE64" || AsciiLower(p.value.substr(0, 5)) == "data:";
}

// Properties every card has and kmhub writes itself.
bool IsRegenerated(const std::string& name) {
  return name == "VERSION" || name == "PRODID" || name == "REV";
}

// One property as a vCard 4.0 content line: its value as read (decoded to UTF-8, line breaks
// escaped), its parameters without the 2.1/3.0 transfer ones, 2.1's bare types as TYPE=.
std::string WriteOtherProperty(const Property& p, const std::string& value) {
  std::string line = p.name;
  for (const auto& [k, v] : p.params) {
    if (k == "ENCODING" || k == "CHARSET") continue;
    line += ";" + k + "=" + v;
  }
  line += ":";
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r') {
      line += "\\n";
      if (i + 1 < value.size() && value[i + 1] == '\n') ++i;
    } else if (value[i] == '\n') {
      line += "\\n";
    } else {
      line += value[i];
    }
  }
  return line;
}

// A property kept to be written back must read back the same: a name and parameter names of
// letters, digits and '-' (RFC 6350 §3.3), parameter values without stray quotes (a quoted value
// is whole: "work,voice"). A damaged line ("X-A\"B:…") would make the export unreadable.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool WritesBackTheSame(const Property& p) {
  if (!IsToken(p.name)) return false;
  for (const auto& [k, v] : p.params) {
    if (!IsToken(k)) return false;
    const auto quotes = std::count(v.begin(), v.end(), '"');
    if (quotes != 0 && !(quotes == 2 && v.size() >= 2 && v.front() == '"' && v.back() == '"')) return false;
    if (v.find_first_of(quotes ? "\r\n" : ":;\r\n") != std::string::npos) return false;
  }
  return true;
}

// At most this much of a card's other properties is kept (a pasted document in a NOTE, say).
constexpr std::size_t kMaxOtherPropertyBytes = 32 * 1024;

void Apply(VCard& card, const Property& p, std::set<std::string>& seen) {
  if (IsRegenerated(p.name)) {
    if (p.name == "VERSION") card.version = Trim(p.value);
    return;
  }
  if (IsInlineBinary(p)) {
    card.left_out.push_back(p.name + ": kmhub keeps no pictures, sounds or keys");
    return;
  }
  std::string value = p.value;
  if (AsciiUpper(Param(p, "ENCODING")) == "QUOTED-PRINTABLE") value = DecodeQuotedPrintable(value);
  // CHARSET (2.1) names the bytes' encoding; without one, text that is not UTF-8 is taken as
  // Windows-1252, what Outlook writes.
  if (const auto charset = Trim(Param(p, "CHARSET")); !charset.empty() && AsciiUpper(charset) != "UTF-8") {
    if (auto converted = ToUtf8(value, charset)) {
      value = *converted;
    } else {
      card.left_out.push_back(p.name + ": CHARSET=" + charset + " is not a character set kmhub can read");
      return;
    }
  } else if (Utf8Length(value) < 0) {
    if (auto converted = ToUtf8(value, "WINDOWS-1252")) value = *converted;
  }
  // The first of each single-valued property is the contact's; a second (another language's
  // name, a second note) is kept as it came.
  const bool first = seen.insert(p.name).second;
  if (first && p.name == "FN") {
    card.formatted_name = WithLineFeeds(Text(value));
  } else if (first && p.name == "N") {
    auto parts = Components(value);
    parts.resize(std::max<std::size_t>(parts.size(), 5));
    card.family_name = parts[0];
    card.given_name = parts[1];
    card.additional_names = parts[2];
    card.name_prefix = parts[3];
    card.name_suffix = parts[4];
  } else if (first && p.name == "TITLE") {
    card.title = Text(value);
  } else if (first && p.name == "ROLE") {
    card.role = Text(value);
  } else if (first && p.name == "ORG") {
    card.organisation = Components(value)[0];
  } else if (first && p.name == "NOTE") {
    card.note = WithLineFeeds(Text(value));
  } else if (first && p.name == "UID") {
    card.uid = Text(value);
  } else if (p.name == "EMAIL") {
    card.emails.push_back(Trim(Text(value)));
  } else if (p.name == "TEL") {
    card.phones.push_back(PhoneFromValue(Text(value)));
  } else {
    std::size_t kept = 0;
    for (const auto& line : card.other_properties) kept += line.size();
    auto line = WriteOtherProperty(p, value);
    if (!WritesBackTheSame(p))
      card.left_out.push_back(p.name.substr(0, 40) + ": not a property name and parameters vCard allows; not kept");
    else if (const auto problem = TextProblem(line, 0, kMaxOtherPropertyBytes); !problem.empty())
      card.left_out.push_back(p.name + ": its value " + problem + "; not kept");
    else if (kept + line.size() > kMaxOtherPropertyBytes)
      card.left_out.push_back(p.name + ": the card's other properties are over 32 KiB; this one is not kept");
    else
      card.other_properties.push_back(std::move(line));
  }
}

// RFC 6350 §3.4: backslash, comma, semicolon and newline are escaped in text values.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ',' || c == ';') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out;
}

// Folds at 75 octets without splitting a UTF-8 sequence (RFC 6350 §3.2).
void AppendFolded(std::string& out, const std::string& line) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char && width >= 75) {
      out += "\r\n ";
      width = 1;
    }
    out += line[i];
    ++width;
  }
  out += "\r\n";
}

}  // namespace

Expected<std::vector<VCard>> ParseVCards(std::string_view text, std::size_t max_cards) {
  std::vector<VCard> cards;
  std::set<std::string> seen;  // the current card's single-valued properties read so far
  bool inside = false;
  for (const auto& line : Unfold(text)) {
    if (Trim(line.text).empty()) continue;
    auto property = ParseProperty(line.text);
    if (!property) return Malformed(line.number, "expected NAME:VALUE, found '" + line.text.substr(0, 60) + "'");
    const std::string value = AsciiUpper(Trim(property->value));
    if (property->name == "BEGIN") {
      if (value != "VCARD") return Malformed(line.number, "BEGIN:" + property->value + " is not BEGIN:VCARD");
      if (inside) return Malformed(line.number, "BEGIN:VCARD inside the card that began at line " + std::to_string(cards.back().first_line));
      if (cards.size() >= max_cards)
        return Malformed(line.number, "more than " + std::to_string(max_cards) + " cards in one file; split it");
      inside = true;
      seen.clear();
      cards.push_back({});
      cards.back().first_line = line.number;
      continue;
    }
    if (!inside) return Malformed(line.number, property->name + " outside BEGIN:VCARD … END:VCARD");
    if (property->name == "END") {
      if (value != "VCARD") return Malformed(line.number, "END:" + property->value + " is not END:VCARD");
      if (cards.back().version.empty()) return Malformed(line.number, "the card has no VERSION");
      inside = false;
      continue;
    }
    Apply(cards.back(), *property, seen);
    if (property->name == "VERSION" && cards.back().version != "4.0" && cards.back().version != "3.0" &&
        cards.back().version != "2.1")
      return Malformed(line.number, "VERSION " + cards.back().version + " is not 2.1, 3.0 or 4.0");
  }
  if (inside) return Malformed(cards.back().first_line, "the card has no END:VCARD");
  if (cards.empty()) return Malformed(1, "no BEGIN:VCARD found; is this a .vcf file?");
  return cards;
}

namespace {

// The values of a list the contact can hold: valid ones, each once, at most kMaxListItems; the
// rest are reported as left out.
std::vector<std::string> KeepValid(const std::vector<std::string>& values, const std::string& field,
                                   bool (*valid)(std::string_view), std::string_view what,
                                   std::vector<CardWarning>& warnings) {
  std::vector<std::string> kept;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const std::string shown = "'" + values[i].substr(0, 80) + "'";
    if (!valid(values[i])) {
      warnings.push_back({at, shown + " is not " + std::string(what) + "; left out"});
    } else if (!seen.insert(AsciiLower(values[i])).second) {
      warnings.push_back({at, shown + " is listed twice; kept once"});
    } else if (kept.size() == kMaxListItems) {
      warnings.push_back({at, "more than " + std::to_string(kMaxListItems) + " " + field + "; left out"});
    } else {
      kept.push_back(values[i]);
    }
  }
  return kept;
}

}  // namespace

Expected<CardContact> ContactFromVCard(const VCard& card) {
  const std::string where = "card at line " + std::to_string(card.first_line) + ": ";
  CardContact out;
  auto& c = out.contact;
  c.display_name = card.formatted_name;
  c.given_name = card.given_name;
  c.family_name = card.family_name;
  c.additional_names = card.additional_names;
  c.name_prefix = card.name_prefix;
  c.name_suffix = card.name_suffix;
  c.job_title = card.title;
  c.note = card.note;
  c.vcard_uid = card.uid;
  c.other_vcard_properties = card.other_properties;
  c.emails = KeepValid(card.emails, "emails", IsValidEmailAddress, "an e-mail address", out.warnings);
  c.phones = KeepValid(card.phones, "phones", IsValidPhone, "a telephone number", out.warnings);
  for (auto& w : out.warnings) w.field = where + w.field;
  for (const auto& what : card.left_out) out.warnings.push_back({where + "left out", what});
  if (auto role = ParseClinicalRoleLabel(card.role)) {
    c.clinical_role = *role;
  } else {
    c.clinical_role = 10;  // CLINICAL_ROLE_OTHER; keep what the card said
    if (c.job_title.empty()) c.job_title = card.role;
  }
  // Cards with neither FN nor N (Android exports) are named after their first e-mail address.
  if (Trim(c.display_name).empty() && Trim(c.given_name + c.family_name).empty() && !c.emails.empty())
    c.display_name = c.emails.front();
  auto valid = NormaliseContact(c, where);
  if (!valid) {
    return InvalidArgument("INVALID_VCARD_CONTACT",
                           "the vCard file has an invalid contact (" + valid.error().message + "); nothing was imported",
                           valid.error().violations);
  }
  return out;
}

std::string KmhubContactUid(std::int64_t organisation_id, std::int64_t contact_id) {
  return "urn:kmhub:" + ContactName(organisation_id, contact_id);
}

std::string WriteVCards(const std::vector<store::ContactRecord>& contacts,
                        const std::function<std::string(std::int64_t)>& organisation_name) {
  std::string out;
  for (const auto& c : contacts) {
    AppendFolded(out, "BEGIN:VCARD");
    AppendFolded(out, "VERSION:4.0");
    AppendFolded(out, "UID:" + Escape(c.vcard_uid.empty() ? KmhubContactUid(c.organisation_id, c.id) : c.vcard_uid));
    AppendFolded(out, "FN:" + Escape(c.display_name));
    AppendFolded(out, "N:" + Escape(c.family_name) + ";" + Escape(c.given_name) + ";" + Escape(c.additional_names) +
                          ";" + Escape(c.name_prefix) + ";" + Escape(c.name_suffix));
    if (const auto org = organisation_name(c.organisation_id); !org.empty()) AppendFolded(out, "ORG:" + Escape(org));
    if (!c.job_title.empty()) AppendFolded(out, "TITLE:" + Escape(c.job_title));
    if (c.clinical_role != 0) AppendFolded(out, "ROLE:" + Escape(ClinicalRoleLabel(c.clinical_role)));
    for (std::size_t i = 0; i < c.emails.size(); ++i)
      AppendFolded(out, std::string("EMAIL;TYPE=work") + (i == 0 ? ";PREF=1" : "") + ":" + c.emails[i]);
    for (const auto& phone : c.phones) AppendFolded(out, "TEL;TYPE=work;VALUE=text:" + Escape(phone));
    if (!c.note.empty()) AppendFolded(out, "NOTE:" + Escape(c.note));
    for (const auto& line : c.other_vcard_properties) AppendFolded(out, line);
    AppendFolded(out, "END:VCARD");
  }
  return out;
}

}  // namespace kmhub::domain
