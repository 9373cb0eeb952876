#include "server/mail/mail_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "server/mail/mail_threading.h"
#include "server/platform/db/audit_log.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/session.h"
#include "server/platform/db/text_list.h"
#include "shared/base64.h"

namespace kmhub::store {

namespace {

constexpr const char* kImportMethod = "ImportMail";

std::string FolderName(std::int64_t id) { return "mailFolders/" + std::to_string(id); }

std::vector<int> DecodeRoles(std::string_view encoded) {
  std::vector<int> roles;
  for (const auto& r : DecodeList(encoded)) roles.push_back(std::stoi(r));
  return roles;
}

std::string EncodeRoles(const std::vector<int>& roles) {
  std::vector<std::string> texts;
  for (int r : roles) texts.push_back(std::to_string(r));
  return EncodeList(texts);
}

struct FolderRow {
  long long id = 0, create_micros = 0;
  std::string name, description, roles;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, name);
    Col(st, description);
    Col(st, roles);
    Col(st, create_micros);
  }
  MailFolderRecord ToRecord() const { return {id, name, description, DecodeRoles(roles), create_micros}; }
};
constexpr const char* kFolderColumns = "SELECT id, name, description, roles, create_micros FROM mail_folders";

struct ImportRow {
  long long id = 0, folder = 0, create = 0, undone = 0;
  std::string actor, request_id, files, sums;
  int added = 0, present = 0, copies = 0, skipped = 0, identifiable = 0;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, folder);
    Col(st, actor);
    Col(st, request_id);
    Col(st, create);
    Col(st, files);
    Col(st, sums);
    for (int* v : {&added, &present, &copies, &skipped, &identifiable}) Col(st, *v);
    Col(st, undone);
  }
  MailImportRecord ToRecord() const {
    MailImportRecord r{id, folder, actor, request_id, create, {}, added, present, copies, skipped, identifiable, undone};
    const auto names = DecodeList(files), hashes = DecodeList(sums);
    for (std::size_t i = 0; i < names.size(); ++i) r.files.push_back({names[i], i < hashes.size() ? hashes[i] : ""});
    return r;
  }
};
constexpr const char* kImportColumns =
    "SELECT id, folder_id, actor, request_id, create_micros, files, file_sha256s, new_count, present_count, "
    "copy_count, skipped_count, identifiable_count, undone_micros FROM mail_imports";

struct ThreadRow {
  long long id = 0, folder = 0, first = 0, last = 0;
  std::string subject;
  int count = 0;
  template <typename St>
  void Exchange(St& st) {
    Col(st, id);
    Col(st, folder);
    Col(st, subject);
    Col(st, count);
    Col(st, first);
    Col(st, last);
  }
  MailThreadRecord ToRecord() const { return {id, folder, subject, count, first, last}; }
};
constexpr const char* kThreadColumns =
    "SELECT id, folder_id, subject, message_count, first_micros, last_micros FROM mail_threads";

struct MessageRow {
  long long id = 0, folder = 0, thread = 0, import = 0, copy_of = 0, sent = 0, size = 0;
  std::string message_id, parent, content_sha, raw_sha, from_name, from_address, subject, body;
  int offset = 0, from_html = 0, identifiable = 0;
  template <typename St>
  void Exchange(St& st) {
    for (long long* v : {&id, &folder, &thread, &import}) Col(st, *v);
    Col(st, message_id);
    Col(st, parent);
    Col(st, content_sha);
    Col(st, raw_sha);
    Col(st, copy_of);
    Col(st, from_name);
    Col(st, from_address);
    Col(st, sent);
    Col(st, offset);
    Col(st, subject);
    Col(st, body);
    Col(st, from_html);
    Col(st, size);
    Col(st, identifiable);
  }
  MailMessageRecord ToRecord() const {
    MailMessageRecord m;
    m.id = id;
    m.folder_id = folder;
    m.thread_id = thread;
    m.import_id = import;
    m.message_id = message_id;
    m.parent_message_id = parent;
    m.content_sha256 = content_sha;
    m.raw_sha256 = raw_sha;
    m.copy_of = copy_of;
    m.from = {from_name, from_address};
    m.sent_micros = sent;
    m.utc_offset_minutes = offset;
    m.subject = subject;
    m.body = body;
    m.body_from_html = from_html != 0;
    m.size_bytes = size;
    m.identifiable = identifiable != 0;
    return m;
  }
};
constexpr const char* kMessageColumns =
    "SELECT id, folder_id, thread_id, import_id, message_id, parent_message_id, content_sha256, raw_sha256, "
    "COALESCE(copy_of, 0), from_name, from_address, sent_micros, utc_offset_minutes, subject, body, body_from_html, "
    "size_bytes, identifiable FROM mail_messages";

// A 64-bit number in a position where PostgreSQL would infer a 32-bit one (compared with a
// literal, in a CASE).
std::string Big(BoundQuery& q, long long value) { return "CAST(" + q.Int(value) + " AS BIGINT)"; }

std::string DomainOf(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "" : address.substr(at + 1);
}

// Where a message goes: its ids' threads, merged into the oldest, or a new thread.
std::int64_t PlaceInThread(soci::session& s, std::int64_t folder_id, const IncomingMail& in) {
  const auto& mail = in.mail;
  const auto ids = domain::ThreadIds(mail.message_id, mail.in_reply_to, mail.references);
  std::map<std::string, std::int64_t> known;
  if (!ids.empty()) {
    BoundQuery q;
    q.Sql("SELECT message_id, thread_id FROM mail_ids WHERE folder_id = " + q.Int(folder_id) +
          " AND message_id IN " + q.TextList(ids));
    RunCached<std::pair<std::string, long long>>(
        s, q,
        [](std::pair<std::string, long long>& r, auto& st) {
          Col(st, r.first);
          Col(st, r.second);
        },
        [&](const std::pair<std::string, long long>& r) { known[r.first] = r.second; });
  }
  const auto choice = domain::ChooseThread(ids, known);
  long long thread = choice.thread_id;
  if (thread == 0) {
    const long long folder = folder_id;
    s << "INSERT INTO mail_threads (folder_id, subject) VALUES (:f, :s) RETURNING id", soci::use(folder),
        soci::use(mail.subject), soci::into(thread);
  }
  if (!choice.merged.empty()) {
    // The other threads' messages and ids move to this one, with their counts and dates.
    BoundQuery totals;
    totals.Sql("SELECT COALESCE(SUM(message_count), 0), COALESCE(MIN(NULLIF(first_micros, 0)), 0), "
               "COALESCE(MAX(last_micros), 0) FROM mail_threads WHERE id IN " + totals.IntList(choice.merged));
    long long count = 0, first = 0, last = 0;
    RunCached<std::tuple<long long, long long, long long>>(
        s, totals,
        [](std::tuple<long long, long long, long long>& r, auto& st) {
          Col(st, std::get<0>(r));
          Col(st, std::get<1>(r));
          Col(st, std::get<2>(r));
        },
        [&](const auto& r) { std::tie(count, first, last) = r; });
    for (const char* table : {"mail_messages", "mail_ids"}) {
      BoundQuery move;
      move.Sql(std::string("UPDATE ") + table + " SET thread_id = " + move.Int(thread) + " WHERE thread_id IN " +
               move.IntList(choice.merged));
      ExecuteCached(s, move);
    }
    BoundQuery grow;
    grow.Sql("UPDATE mail_threads SET message_count = message_count + " + grow.Int(count) +
             ", first_micros = CASE WHEN first_micros = 0 OR (" + Big(grow, first) + " > 0 AND " + Big(grow, first) +
             " < first_micros) THEN " + Big(grow, first) + " ELSE first_micros END, last_micros = CASE WHEN " +
             Big(grow, last) + " > last_micros THEN " + Big(grow, last) + " ELSE last_micros END WHERE id = " +
             grow.Int(thread));
    ExecuteCached(s, grow);
    BoundQuery drop;
    drop.Sql("DELETE FROM mail_threads WHERE id IN " + drop.IntList(choice.merged));
    ExecuteCached(s, drop);
  }
  for (const auto& id : choice.new_ids) {
    BoundQuery add;
    add.Sql("INSERT INTO mail_ids (folder_id, message_id, thread_id) VALUES (" + add.Int(folder_id) + ", " +
            add.Text(id) + ", " + add.Int(thread) + ")");
    ExecuteCached(s, add);
  }
  return thread;
}

// What the folder holds under a message's key, in one query: whether the same message is there
// already, else the first message with its Message-ID (0 for none), of which it is a second copy.
// A message without a Message-ID is keyed by its content alone.
struct KnownMessage {
  bool present = false;
  std::int64_t first_with_id = 0;
};
KnownMessage FindMessage(soci::session& s, std::int64_t folder_id, const domain::ParsedMail& m) {
  BoundQuery q;
  q.Sql("SELECT id, content_sha256 FROM mail_messages WHERE folder_id = " + q.Int(folder_id) + " AND message_id = " +
        q.Text(m.message_id));
  if (m.message_id.empty()) q.Sql(" AND content_sha256 = " + q.Text(m.content_sha256));
  q.Sql(" ORDER BY id");
  KnownMessage known;
  RunCached<std::pair<long long, std::string>>(
      s, q,
      [](std::pair<long long, std::string>& r, auto& st) {
        Col(st, r.first);
        Col(st, r.second);
      },
      [&](const std::pair<long long, std::string>& r) {
        if (known.first_with_id == 0) known.first_with_id = r.first;
        if (r.second == m.content_sha256) known.present = true;
      });
  if (m.message_id.empty()) known.first_with_id = 0;
  return known;
}

void WriteMessage(soci::session& s, std::int64_t folder_id, std::int64_t import_id, std::int64_t copy_of,
                  const IncomingMail& in) {
  const auto& m = in.mail;
  const std::int64_t thread = PlaceInThread(s, folder_id, in);
  const long long folder = folder_id, import = import_id, thread_id = thread, sent = m.date_micros, size = m.size;
  const int offset = m.utc_offset_minutes, from_html = m.body_from_html ? 1 : 0, identifiable = in.identifiable ? 1 : 0;
  const int attachments = static_cast<int>(m.attachments.size());
  const std::string parent = domain::ParentId(m), raw = Base64UrlEncode(in.raw);
  long long copy = copy_of;
  soci::indicator copy_ind = copy_of ? soci::i_ok : soci::i_null;
  long long id = 0;
  s << "INSERT INTO mail_messages (folder_id, thread_id, import_id, message_id, parent_message_id, content_sha256, "
       "raw_sha256, copy_of, from_name, from_address, sent_micros, utc_offset_minutes, subject, body, body_from_html, "
       "size_bytes, attachment_count, identifiable, raw) VALUES (:f, :t, :i, :m, :p, :c, :r, :co, :fn, :fa, :s, :o, "
       ":su, :b, :h, :z, :a, :id, :raw) RETURNING id",
      soci::use(folder), soci::use(thread_id), soci::use(import), soci::use(m.message_id), soci::use(parent),
      soci::use(m.content_sha256), soci::use(m.sha256), soci::use(copy, copy_ind), soci::use(m.from.name),
      soci::use(m.from.address), soci::use(sent), soci::use(offset), soci::use(m.subject), soci::use(m.body),
      soci::use(from_html), soci::use(size), soci::use(attachments), soci::use(identifiable), soci::use(raw),
      soci::into(id);
  int position = 0;
  auto address = [&](AddressRole role, const domain::MailAddress& a) {
    BoundQuery q;
    q.Sql("INSERT INTO mail_addresses (message_id, position, role, name, address, domain) VALUES (" + q.Int(id) +
          ", " + q.Int(position++) + ", " + q.Int(static_cast<int>(role)) + ", " + q.Text(a.name) + ", " +
          q.Text(a.address) + ", " + q.Text(DomainOf(a.address)) + ")");
    ExecuteCached(s, q);
  };
  if (!m.from.address.empty()) address(AddressRole::kFrom, m.from);
  for (const auto& a : m.to) address(AddressRole::kTo, a);
  for (const auto& a : m.cc) address(AddressRole::kCc, a);
  int index = 0;
  for (const auto& a : m.attachments) {
    BoundQuery q;
    const std::string content = a.content.empty() ? "" : Base64UrlEncode(a.content);
    q.Sql("INSERT INTO mail_attachments (message_id, position, file_name, media_type, size_bytes, content) VALUES (" +
          q.Int(id) + ", " + q.Int(index++) + ", " + q.Text(a.file_name) + ", " + q.Text(a.media_type) + ", " +
          q.Int(a.size) + ", " + (a.content.empty() ? std::string("NULL") : q.Text(content)) + ")");
    ExecuteCached(s, q);
  }
  // The thread's counts and dates; its subject is its earliest message's.
  BoundQuery t;
  t.Sql("UPDATE mail_threads SET message_count = message_count + 1, subject = CASE WHEN message_count = 0 OR (" +
        Big(t, sent) + " > 0 AND " + Big(t, sent) + " < first_micros) THEN " + t.Text(m.subject) +
        " ELSE subject END, first_micros = CASE WHEN first_micros = 0 OR (" + Big(t, sent) + " > 0 AND " +
        Big(t, sent) + " < first_micros) THEN " + Big(t, sent) + " ELSE first_micros END, last_micros = CASE WHEN " +
        Big(t, sent) + " > last_micros THEN " + Big(t, sent) + " ELSE last_micros END WHERE id = " + t.Int(thread));
  ExecuteCached(s, t);
}

MailImportRecord FetchImport(soci::session& s, std::int64_t id) {
  BoundQuery q;
  q.Sql(kImportColumns).Sql(" WHERE id = " + q.Int(id));
  return FetchRecords<ImportRow>(s, q).front();
}

}  // namespace

Expected<MailFolderRecord> MailStore::CreateFolder(const MailFolderRecord& folder) {
  return InTransaction(*db_, "creating a mail folder", [&](soci::session& s) -> Expected<MailFolderRecord> {
    BoundQuery existing;
    existing.Sql(kFolderColumns).Sql(" WHERE name = " + existing.Text(folder.name));
    if (!FetchRecords<FolderRow>(s, existing).empty())
      return AlreadyExists("MAIL_FOLDER_EXISTS", "a mail folder is already called '" + folder.name + "'");
    const long long now = NowMicros();
    const std::string roles = EncodeRoles(folder.roles);
    long long id = 0;
    s << "INSERT INTO mail_folders (name, description, roles, create_micros) VALUES (:n, :d, :r, :c) RETURNING id",
        soci::use(folder.name), soci::use(folder.description), soci::use(roles), soci::use(now), soci::into(id);
    RecordChange(s, FolderName(id), "created mail folder '" + folder.name + "'");
    BoundQuery q;
    q.Sql(kFolderColumns).Sql(" WHERE id = " + q.Int(id));
    return FetchRecords<FolderRow>(s, q).front();
  });
}

Expected<std::vector<MailFolderRecord>> MailStore::ListFolders() {
  return WithSession(*db_, "listing mail folders", [&](soci::session& s) -> Expected<std::vector<MailFolderRecord>> {
    BoundQuery q;
    q.Sql(kFolderColumns).Sql(" ORDER BY name");
    return FetchRecords<FolderRow>(s, q);
  });
}

Expected<MailFolderRecord> MailStore::FolderByName(const std::string& name) {
  return WithSession(*db_, "reading a mail folder", [&](soci::session& s) -> Expected<MailFolderRecord> {
    BoundQuery q;
    q.Sql(kFolderColumns).Sql(" WHERE name = " + q.Text(name));
    auto rows = FetchRecords<FolderRow>(s, q);
    if (rows.empty()) return NotFound("MAIL_FOLDER_NOT_FOUND", "no mail folder is called '" + name + "'");
    return rows.front();
  });
}

Expected<MailFolderRecord> MailStore::FolderById(std::int64_t id) {
  return WithSession(*db_, "reading a mail folder", [&](soci::session& s) -> Expected<MailFolderRecord> {
    BoundQuery q;
    q.Sql(kFolderColumns).Sql(" WHERE id = " + q.Int(id));
    auto rows = FetchRecords<FolderRow>(s, q);
    if (rows.empty()) return NotFound("MAIL_FOLDER_NOT_FOUND", "mail folder " + FolderName(id) + " does not exist");
    return rows.front();
  });
}

Expected<MailImportRecord> MailStore::Import(const MailImportRequest& request) {
  return WithSession(*db_, "importing mail", [&](soci::session& s) -> Expected<MailImportRecord> {
    Transaction tx(s, *db_);
    if (!request.dry_run)
      if (const auto logged = FindLoggedRequest(s, kImportMethod, request.request_id))
        return FetchImport(s, std::stoll(logged->substr(logged->rfind('/') + 1)));
    const long long folder = request.folder_id, now = NowMicros();
    std::vector<std::string> names, sums;
    for (const auto& f : request.files) {
      names.push_back(f.name);
      sums.push_back(f.sha256);
    }
    const std::string files = EncodeList(names), hashes = EncodeList(sums), actor = CurrentActor();
    long long import_id = 0;
    const int zero = 0;
    s << "INSERT INTO mail_imports (folder_id, actor, request_id, create_micros, files, file_sha256s, new_count, "
         "present_count, copy_count, skipped_count, identifiable_count) VALUES (:f, :a, :r, :c, :fi, :h, :n, :p, :co, "
         ":s, :i) RETURNING id",
        soci::use(folder), soci::use(actor), soci::use(request.request_id), soci::use(now), soci::use(files),
        soci::use(hashes), soci::use(zero), soci::use(zero), soci::use(zero), soci::use(zero), soci::use(zero),
        soci::into(import_id);
    MailImportRecord counts;
    for (const auto& in : request.messages) {
      const auto& m = in.mail;
      const auto known = FindMessage(s, folder, m);
      if (known.present) {
        ++counts.present_count;
        continue;
      }
      if (known.first_with_id != 0) ++counts.copy_count;
      if (in.identifiable) ++counts.identifiable_count;
      WriteMessage(s, folder, import_id, known.first_with_id, in);
      ++counts.new_count;
    }
    BoundQuery update;
    update.Sql("UPDATE mail_imports SET new_count = " + update.Int(counts.new_count) + ", present_count = " +
               update.Int(counts.present_count) + ", copy_count = " + update.Int(counts.copy_count) +
               ", skipped_count = " + update.Int(request.skipped) + ", identifiable_count = " +
               update.Int(counts.identifiable_count) + " WHERE id = " + update.Int(import_id));
    ExecuteCached(s, update);
    auto record = FetchImport(s, import_id);
    if (request.dry_run) return record;  // rolled back with the transaction
    LogRequest(s, kImportMethod, request.request_id, "mailImports/" + std::to_string(import_id));
    RecordChange(s, FolderName(request.folder_id),
                 "imported mail: " + std::to_string(counts.new_count) + " new, " + std::to_string(counts.present_count) +
                     " already present, " + std::to_string(request.skipped) + " skipped" +
                     (counts.identifiable_count ? ", " + std::to_string(counts.identifiable_count) +
                                                      " holding NHS numbers let in (--allow-identifiable)"
                                                : std::string()));
    tx.Commit();
    return record;
  });
}

Expected<std::vector<MailImportRecord>> MailStore::ListImports(std::int64_t folder_id) {
  return WithSession(*db_, "listing mail imports", [&](soci::session& s) -> Expected<std::vector<MailImportRecord>> {
    BoundQuery q;
    q.Sql(kImportColumns).Sql(" WHERE folder_id = " + q.Int(folder_id) + " ORDER BY id DESC");
    return FetchRecords<ImportRow>(s, q);
  });
}

Expected<MailImportRecord> MailStore::UndoImport(std::int64_t import_id) {
  return InTransaction(*db_, "undoing a mail import", [&](soci::session& s) -> Expected<MailImportRecord> {
    BoundQuery find;
    find.Sql(kImportColumns).Sql(" WHERE id = " + find.Int(import_id));
    const auto found = FetchRecords<ImportRow>(s, find);
    if (found.empty())
      return NotFound("MAIL_IMPORT_NOT_FOUND", "mail import mailImports/" + std::to_string(import_id) + " does not exist");
    if (found.front().undone_micros != 0)
      return FailedPrecondition("ALREADY_UNDONE",
                                "mail import mailImports/" + std::to_string(import_id) + " was undone already");
    const std::string of_import = "(SELECT id FROM mail_messages WHERE import_id = ";
    std::vector<std::int64_t> threads;
    BoundQuery affected;
    affected.Sql("SELECT DISTINCT thread_id FROM mail_messages WHERE import_id = " + affected.Int(import_id));
    RunCached<long long>(s, affected, [](long long& v, auto& st) { Col(st, v); },
                         [&](long long v) { threads.push_back(v); });
    for (const char* sql : {"UPDATE mail_messages SET copy_of = NULL WHERE copy_of IN ",
                            "DELETE FROM mail_addresses WHERE message_id IN ",
                            "DELETE FROM mail_attachments WHERE message_id IN "}) {
      BoundQuery q;
      q.Sql(std::string(sql) + of_import + q.Int(import_id) + ")");
      ExecuteCached(s, q);
    }
    BoundQuery drop;
    drop.Sql("DELETE FROM mail_messages WHERE import_id = " + drop.Int(import_id));
    ExecuteCached(s, drop);
    if (!threads.empty()) {
      // Counted again from what is left; a thread left empty keeps its ids (placeholders), so
      // mail imported again joins it.
      BoundQuery recount;
      const std::string of = " FROM mail_messages m WHERE m.thread_id = mail_threads.id";
      recount.Sql("UPDATE mail_threads SET message_count = (SELECT COUNT(*)" + of + "), first_micros = COALESCE((SELECT "
                  "MIN(m.sent_micros)" + of + "), 0), last_micros = COALESCE((SELECT MAX(m.sent_micros)" + of +
                  "), 0), subject = COALESCE((SELECT m.subject" + of + " ORDER BY m.sent_micros, m.id LIMIT 1), subject) "
                  "WHERE id IN " + recount.IntList(threads));
      ExecuteCached(s, recount);
    }
    const long long now = NowMicros(), id = import_id;
    s << "UPDATE mail_imports SET undone_micros = :u WHERE id = :id", soci::use(now), soci::use(id);
    const auto record = FetchImport(s, import_id);
    RecordChange(s, "mailImports/" + std::to_string(import_id),
                 "undid a mail import: " + std::to_string(record.new_count) + " message(s) removed");
    return record;
  });
}

Expected<Page<MailThreadRecord>> MailStore::ListThreads(std::int64_t folder_id, const PagePosition& position) {
  return WithSession(*db_, "listing mail threads", [&](soci::session& s) -> Expected<Page<MailThreadRecord>> {
    BoundQuery q;
    q.Sql(kThreadColumns).Sql(" WHERE folder_id = " + q.Int(folder_id) + " AND message_count > 0");
    AppendKeyset(q, {"last_micros", true, true}, position.last_id, position.last_sort_value, position.page_size);
    return MakePage(FetchRecords<ThreadRow>(s, q), position.page_size,
                    [](const MailThreadRecord& t) { return std::to_string(t.last_micros); });
  });
}

Expected<std::vector<MailMessageRecord>> MailStore::ThreadMessages(std::int64_t thread_id, MailThreadRecord* thread) {
  return WithSession(*db_, "reading a mail thread", [&](soci::session& s) -> Expected<std::vector<MailMessageRecord>> {
    BoundQuery t;
    t.Sql(kThreadColumns).Sql(" WHERE id = " + t.Int(thread_id) + " AND message_count > 0");
    const auto threads = FetchRecords<ThreadRow>(s, t);
    if (threads.empty())
      return NotFound("MAIL_THREAD_NOT_FOUND", "mail thread mailThreads/" + std::to_string(thread_id) + " does not exist");
    if (thread) *thread = threads.front();
    BoundQuery q;
    q.Sql(kMessageColumns).Sql(" WHERE thread_id = " + q.Int(thread_id) + " ORDER BY sent_micros, id");
    auto messages = FetchRecords<MessageRow>(s, q);
    if (messages.empty()) return messages;
    std::map<std::int64_t, MailMessageRecord*> by_id;
    std::vector<std::int64_t> ids;
    for (auto& m : messages) {
      by_id[m.id] = &m;
      ids.push_back(m.id);
    }
    BoundQuery a;
    a.Sql("SELECT message_id, role, name, address FROM mail_addresses WHERE message_id IN " + a.IntList(ids) +
          " ORDER BY message_id, position");
    RunCached<std::tuple<long long, int, std::string, std::string>>(
        s, a,
        [](auto& r, auto& st) {
          Col(st, std::get<0>(r));
          Col(st, std::get<1>(r));
          Col(st, std::get<2>(r));
          Col(st, std::get<3>(r));
        },
        [&](const auto& r) {
          auto& m = *by_id.at(std::get<0>(r));
          const domain::MailAddress address{std::get<2>(r), std::get<3>(r)};
          if (std::get<1>(r) == static_cast<int>(AddressRole::kTo)) m.to.push_back(address);
          if (std::get<1>(r) == static_cast<int>(AddressRole::kCc)) m.cc.push_back(address);
        });
    BoundQuery f;
    f.Sql("SELECT message_id, file_name, media_type, size_bytes FROM mail_attachments WHERE message_id IN " +
          f.IntList(ids) + " ORDER BY message_id, position");
    RunCached<std::tuple<long long, std::string, std::string, long long>>(
        s, f,
        [](auto& r, auto& st) {
          Col(st, std::get<0>(r));
          Col(st, std::get<1>(r));
          Col(st, std::get<2>(r));
          Col(st, std::get<3>(r));
        },
        [&](const auto& r) {
          by_id.at(std::get<0>(r))->attachments.push_back({std::get<1>(r), std::get<2>(r), std::get<3>(r), ""});
        });
    return messages;
  });
}

}  // namespace kmhub::store
