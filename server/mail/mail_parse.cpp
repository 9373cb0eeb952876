#include "server/mail/mail_parse.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <regex>

#include "server/mail/html_text.h"
#include "server/platform/rules/file_digest.h"

namespace kmhub::domain {

namespace {

// GMime is initialised once per process, and told to read undeclared 8-bit text as UTF-8, else
// windows-1252 (what Outlook writes without saying).
GMimeParserOptions* Options() {
  static GMimeParserOptions* options = [] {
    g_mime_init();
    auto* o = g_mime_parser_options_new();
    const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    return o;
  }();
  return options;
}

template <typename T>
struct GUnref {
  void operator()(T* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Text(const char* s) { return s ? s : ""; }

// Mailboxes of a list (groups flattened).
void Mailboxes(InternetAddressList* list, std::vector<MailAddress>& out) {
  if (!list) return;
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n; ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      Mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      MailAddress m{Text(internet_address_get_name(a)),
                    Lower(Text(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))))};
      if (!m.address.empty()) out.push_back(std::move(m));
    }
  }
}

// Decoded bytes of a part's content.
std::string Decoded(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// A text part's text in UTF-8: its charset, ISO-8859-1 and US-ASCII read as windows-1252 (a
// superset that mail clients use for them), and undeclared text as UTF-8 when it is, else
// windows-1252.
std::string PartText(GMimePart* part) {
  const std::string raw = Decoded(part);
  std::string charset = Lower(Text(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")));
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii" || charset.empty()) {
    if (g_utf8_validate(raw.data(), static_cast<gssize>(raw.size()), nullptr)) return raw;
    charset = "windows-1252";
  }
  if (charset == "utf-8" || charset == "utf8") {
    if (g_utf8_validate(raw.data(), static_cast<gssize>(raw.size()), nullptr)) return raw;
    charset = "windows-1252";  // mislabelled
  }
  gsize written = 0;
  gchar* converted = g_convert_with_fallback(raw.data(), static_cast<gssize>(raw.size()), "UTF-8",
                                             g_mime_charset_iconv_name(charset.c_str()), "?", nullptr, &written, nullptr);
  if (!converted) {
    gchar* valid = g_utf8_make_valid(raw.data(), static_cast<gssize>(raw.size()));
    std::string text(valid);
    g_free(valid);
    return text;
  }
  std::string text(converted, written);
  g_free(converted);
  return text;
}

struct Walk {
  const ParseOptions* options;
  ParsedMail* mail;
  std::string plain, html;
};

void Visit(GMimeObject* parent, GMimeObject* part, gpointer data) {
  (void)parent;
  auto& w = *static_cast<Walk*>(data);
  if (GMIME_IS_MESSAGE_PART(part) || GMIME_IS_MULTIPART(part) || !GMIME_IS_PART(part)) return;
  GMimePart* p = GMIME_PART(part);
  GMimeContentType* type = g_mime_object_get_content_type(part);
  const bool is_text = g_mime_content_type_is_type(type, "text", "plain");
  const bool is_html = g_mime_content_type_is_type(type, "text", "html");
  if (!g_mime_part_is_attachment(p) && (is_text || is_html)) {
    if (is_text && w.plain.empty()) w.plain = PartText(p);
    if (is_html && w.html.empty()) w.html = PartText(p);
    return;
  }
  // PGP signatures and the like are part of the transport, not attachments people sent.
  if (g_mime_content_type_is_type(type, "application", "pgp-signature") ||
      g_mime_content_type_is_type(type, "application", "pkcs7-signature"))
    return;
  MailAttachment a;
  a.file_name = Text(g_mime_part_get_filename(p));
  gchar* mime = g_mime_content_type_get_mime_type(type);
  a.media_type = Lower(Text(mime));
  g_free(mime);
  std::string content = Decoded(p);
  a.size = static_cast<std::int64_t>(content.size());
  if (w.options->keep_attachment_content && a.size <= w.options->max_attachment_bytes) a.content = std::move(content);
  w.mail->attachments.push_back(std::move(a));
}

// Message ids of a header such as References or In-Reply-To, in order.
std::vector<std::string> Ids(const char* header) {
  std::vector<std::string> ids;
  if (!header) return ids;
  GMimeReferences* refs = g_mime_references_parse(Options(), header);
  if (!refs) return ids;
  const int n = g_mime_references_length(refs);
  for (int i = 0; i < n; ++i) ids.push_back(Text(g_mime_references_get_message_id(refs, i)));
  g_mime_references_free(refs);
  return ids;
}

// A MIME part whose headers run straight into its body, with no empty line between (some
// webmail writes base64 attachments so; MimeKit issue 1189), would lose its body to GMime: an
// empty line is put back before the first line of such a part that is no header. Only lines
// that open a part of a boundary the message declares count, so a "-- " signature is untouched.
std::string RepairPartHeaders(std::string_view raw) {
  static const std::regex kBoundary(R"re(boundary\s*=\s*"?([^";\r\n]+)"?)re", std::regex::icase);
  std::vector<std::string> boundaries;
  const std::string text(raw);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kBoundary); it != std::sregex_iterator(); ++it)
    boundaries.push_back("--" + (*it)[1].str());
  if (boundaries.empty()) return text;
  std::string out;
  out.reserve(text.size() + 16);
  bool in_part_headers = false;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find('\n', at);
    const std::size_t next = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + at, next - at);
    std::string_view bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
    if (in_part_headers) {
      const bool blank = bare.empty();
      const bool continuation = !blank && (bare.front() == ' ' || bare.front() == '\t');
      const auto colon = bare.find(':');
      const bool header = colon != std::string_view::npos && colon > 0 &&
                          bare.substr(0, colon).find_first_of(" \t") == std::string_view::npos;
      if (blank) {
        in_part_headers = false;
      } else if (!continuation && !header) {
        out += "\n";  // the missing empty line
        in_part_headers = false;
      }
    }
    for (const auto& b : boundaries)
      if (bare == b) in_part_headers = true;
    out.append(line);
    at = next;
  }
  return out;
}

}  // namespace

Expected<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { Options(); });
  const std::string repaired = RepairPartHeaders(raw);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(repaired.data(), repaired.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), Options()));
  if (!message || g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(message.get()))) == 0)
    return InvalidArgument("UNPARSEABLE_MESSAGE", "not a mail message: no header could be read");

  ParsedMail mail;
  mail.size = static_cast<std::int64_t>(raw.size());
  mail.sha256 = Sha256Hex(raw);
  mail.message_id = Text(g_mime_message_get_message_id(message.get()));
  std::vector<MailAddress> from;
  Mailboxes(g_mime_message_get_from(message.get()), from);
  if (from.empty()) Mailboxes(g_mime_message_get_sender(message.get()), from);
  if (!from.empty()) mail.from = from.front();
  Mailboxes(g_mime_message_get_to(message.get()), mail.to);
  Mailboxes(g_mime_message_get_cc(message.get()), mail.cc);
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    mail.date_micros = g_date_time_to_unix(date) * 1000000 + g_date_time_get_microsecond(date);
    mail.utc_offset_minutes = static_cast<int>(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
  }
  mail.subject = Text(g_mime_message_get_subject(message.get()));
  const auto replies = Ids(g_mime_object_get_header(GMIME_OBJECT(message.get()), "In-Reply-To"));
  if (!replies.empty()) mail.in_reply_to = replies.front();
  mail.references = Ids(g_mime_object_get_header(GMIME_OBJECT(message.get()), "References"));

  Walk walk{&options, &mail, {}, {}};
  g_mime_message_foreach(message.get(), Visit, &walk);
  if (!walk.plain.empty()) {
    mail.body = std::move(walk.plain);
  } else if (!walk.html.empty()) {
    mail.body = HtmlToText(walk.html);
    mail.body_from_html = true;
  }
  // What two deliveries of one message share.
  std::string identity = mail.message_id + '\n' + mail.from.address + '\n' + mail.subject + '\n' +
                         std::to_string(mail.date_micros) + '\n';
  for (const auto* list : {&mail.to, &mail.cc})
    for (const auto& a : *list) identity += a.address + ',';
  identity += '\n' + mail.body;
  for (const auto& a : mail.attachments) identity += '\n' + a.file_name + ':' + std::to_string(a.size);
  mail.content_sha256 = Sha256Hex(identity);
  return mail;
}

std::string ParentId(const ParsedMail& mail) {
  if (!mail.in_reply_to.empty()) return mail.in_reply_to;
  return mail.references.empty() ? "" : mail.references.back();
}

}  // namespace kmhub::domain
