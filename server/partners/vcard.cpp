#include "server/partners/vcard.h"

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

void Apply(VCard& card, const Property& p) {
  std::string value = p.value;
  if (AsciiUpper(Param(p, "ENCODING")) == "QUOTED-PRINTABLE") value = DecodeQuotedPrintable(value);
  // Alternative-language forms (ALTID) after the first are kept out: one name per contact.
  if (p.name == "FN") {
    if (card.formatted_name.empty()) card.formatted_name = Text(value);
  } else if (p.name == "N") {
    if (card.family_name.empty() && card.given_name.empty()) {
      auto parts = Components(value);
      card.family_name = parts[0];
      if (parts.size() > 1) card.given_name = parts[1];
    }
  } else if (p.name == "TITLE") {
    card.title = Text(value);
  } else if (p.name == "ROLE") {
    card.role = Text(value);
  } else if (p.name == "ORG") {
    card.organisation = Components(value)[0];
  } else if (p.name == "NOTE") {
    card.note = Text(value);
  } else if (p.name == "UID") {
    card.uid = Text(value);
  } else if (p.name == "EMAIL") {
    card.emails.push_back(Trim(Text(value)));
  } else if (p.name == "TEL") {
    card.phones.push_back(PhoneFromValue(Text(value)));
  } else if (p.name == "VERSION") {
    card.version = Trim(value);
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
    Apply(cards.back(), *property);
    if (property->name == "VERSION" && cards.back().version != "4.0" && cards.back().version != "3.0" &&
        cards.back().version != "2.1")
      return Malformed(line.number, "VERSION " + cards.back().version + " is not 2.1, 3.0 or 4.0");
  }
  if (inside) return Malformed(cards.back().first_line, "the card has no END:VCARD");
  if (cards.empty()) return Malformed(1, "no BEGIN:VCARD found; is this a .vcf file?");
  return cards;
}

Expected<store::ContactRecord> ContactFromVCard(const VCard& card) {
  store::ContactRecord c;
  c.display_name = card.formatted_name;
  c.given_name = card.given_name;
  c.family_name = card.family_name;
  c.job_title = card.title;
  c.note = card.note;
  c.vcard_uid = card.uid;
  c.emails = card.emails;
  c.phones = card.phones;
  if (auto role = ParseClinicalRoleLabel(card.role)) {
    c.clinical_role = *role;
  } else {
    c.clinical_role = 10;  // CLINICAL_ROLE_OTHER; keep what the card said
    if (c.job_title.empty()) c.job_title = card.role;
  }
  // Cards with neither FN nor N (Android exports) are named after their first e-mail address.
  if (Trim(c.display_name).empty() && Trim(c.given_name + c.family_name).empty() && !c.emails.empty())
    c.display_name = c.emails.front();
  const std::string where = "card at line " + std::to_string(card.first_line) + ": ";
  auto valid = NormaliseContact(c, where);
  if (!valid) {
    return InvalidArgument("INVALID_VCARD_CONTACT",
                           "the vCard file has an invalid contact (" + valid.error().message + "); nothing was imported",
                           valid.error().violations);
  }
  return c;
}

std::string WriteVCards(const std::vector<store::ContactRecord>& contacts,
                        const std::function<std::string(std::int64_t)>& organisation_name) {
  std::string out;
  for (const auto& c : contacts) {
    AppendFolded(out, "BEGIN:VCARD");
    AppendFolded(out, "VERSION:4.0");
    AppendFolded(out, "UID:" + (c.vcard_uid.empty() ? "urn:kmhub:" + ContactName(c.organisation_id, c.id) : Escape(c.vcard_uid)));
    AppendFolded(out, "FN:" + Escape(c.display_name));
    AppendFolded(out, "N:" + Escape(c.family_name) + ";" + Escape(c.given_name) + ";;;");
    if (const auto org = organisation_name(c.organisation_id); !org.empty()) AppendFolded(out, "ORG:" + Escape(org));
    if (!c.job_title.empty()) AppendFolded(out, "TITLE:" + Escape(c.job_title));
    if (c.clinical_role != 0) AppendFolded(out, "ROLE:" + Escape(ClinicalRoleLabel(c.clinical_role)));
    for (std::size_t i = 0; i < c.emails.size(); ++i)
      AppendFolded(out, std::string("EMAIL;TYPE=work") + (i == 0 ? ";PREF=1" : "") + ":" + c.emails[i]);
    for (const auto& phone : c.phones) AppendFolded(out, "TEL;TYPE=work;VALUE=text:" + Escape(phone));
    if (!c.note.empty()) AppendFolded(out, "NOTE:" + Escape(c.note));
    AppendFolded(out, "END:VCARD");
  }
  return out;
}

}  // namespace kmhub::domain
