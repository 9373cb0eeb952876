#pragma once
// Every stable error reason kmhub sends (google.rpc.ErrorInfo.reason), declared once with its
// canonical code and what it means. Clients branch on these; the README's "Errors" section is
// generated from nothing but this table (tests/platform/error_reasons_test.cpp checks it lists
// them all). The error constructors of error.h take a Reason<code>, whose constructor runs at
// compile time: a reason not declared here, or declared with another code, does not compile.

#include <string_view>

namespace kmhub {

// The canonical codes kmhub uses; numerically equal to google.rpc.Code.
enum class ErrorCode {
  kCancelled = 1,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kInternal = 13,
  kUnavailable = 14,
  kUnauthenticated = 16,
};

struct ReasonInfo {
  std::string_view name;
  ErrorCode code;
  std::string_view meaning;
};

// clang-format off
inline constexpr ReasonInfo kReasons[] = {
  // Requests: what any call can get wrong
  {"INVALID_ARGUMENT", ErrorCode::kInvalidArgument, "one or more fields are not valid; the field violations name each"},
  {"MALFORMED_REQUEST", ErrorCode::kInvalidArgument, "the request message could not be parsed"},
  {"INVALID_UTF8", ErrorCode::kInvalidArgument, "a text field is not valid UTF-8"},
  {"MALFORMED_RESOURCE_NAME", ErrorCode::kInvalidArgument, "a resource name does not have the form its field documents (organisations/12, projects/P-2009-014)"},
  {"INVALID_PAGE_SIZE", ErrorCode::kInvalidArgument, "page_size is negative"},
  {"INVALID_PAGE_TOKEN", ErrorCode::kInvalidArgument, "page_token was not issued by this server for this query"},
  {"INVALID_FILTER", ErrorCode::kInvalidArgument, "a list filter names an unknown value"},
  {"INVALID_ORDER_BY", ErrorCode::kInvalidArgument, "order_by names a field the list cannot be ordered by"},
  {"INVALID_UPDATE_MASK", ErrorCode::kInvalidArgument, "update_mask names a field that cannot be updated"},
  {"INVALID_REQUEST_ID", ErrorCode::kInvalidArgument, "request_id is over 100 characters or not printable ASCII without spaces"},
  {"INVALID_NAME", ErrorCode::kInvalidArgument, "a name or code does not follow its rules (length, characters)"},
  {"ETAG_MISMATCH", ErrorCode::kAborted, "the record changed since the etag was read: read it again and reapply the change"},
  {"CONCURRENT_CHANGE", ErrorCode::kAborted, "another call changed the same records at the same moment: retry"},
  {"SERVER_DEADLINE", ErrorCode::kDeadlineExceeded, "a call without a deadline ran past the server's default deadline"},
  {"CALL_CANCELLED", ErrorCode::kCancelled, "the caller cancelled the call or its deadline passed"},
  {"SERVER_SHUTTING_DOWN", ErrorCode::kUnavailable, "the server is stopping: retry against another server or later"},
  {"LISTEN_FAILED", ErrorCode::kUnavailable, "the server could not listen on its address (in use, or not allowed)"},

  // Security
  {"MISSING_CREDENTIALS", ErrorCode::kUnauthenticated, "no token and no client certificate came with the call"},
  {"INVALID_TOKEN", ErrorCode::kUnauthenticated, "the token is unknown, revoked or expired"},
  {"CERTIFICATE_NOT_GRANTED", ErrorCode::kPermissionDenied, "the client certificate is valid but its subject has no role here"},
  {"ROLE_NOT_PERMITTED", ErrorCode::kPermissionDenied, "the caller's role does not allow the method"},
  {"OUT_OF_SCOPE", ErrorCode::kPermissionDenied, "the record is outside the caller's organisation scope (or does not exist: scope never reveals which)"},
  {"RATE_LIMITED", ErrorCode::kResourceExhausted, "the caller is over its request rate; RetryInfo says when to retry"},
  {"UNKNOWN_ROLE", ErrorCode::kInvalidArgument, "a role is not viewer, editor or admin"},
  {"TOKEN_NOT_FOUND", ErrorCode::kNotFound, "no token has that id"},
  {"TOKEN_NOT_VALID", ErrorCode::kNotFound, "the token exists but is revoked or expired (the caller sees INVALID_TOKEN)"},

  // Partners
  {"ORGANISATION_NOT_FOUND", ErrorCode::kNotFound, "no organisation has that id or ODS code"},
  {"CONTACT_NOT_FOUND", ErrorCode::kNotFound, "no contact has that id or e-mail address"},
  {"RELATIONSHIP_NOT_FOUND", ErrorCode::kNotFound, "no relationship has that id"},
  {"INVALID_ORGANISATION", ErrorCode::kInvalidArgument, "an organisation's fields break its rules; the violations name each"},
  {"INVALID_CONTACT", ErrorCode::kInvalidArgument, "a contact's fields break its rules; the violations name each"},
  {"INVALID_RELATIONSHIP", ErrorCode::kInvalidArgument, "a relationship's fields break its rules; the violations name each"},
  {"DUPLICATE_ODS_CODE", ErrorCode::kAlreadyExists, "another organisation has that ODS code"},
  {"ORGANISATION_IN_USE", ErrorCode::kFailedPrecondition, "the organisation still has contacts or relationships; delete with force, or move them first"},
  {"ORGANISATION_IN_PROJECTS", ErrorCode::kFailedPrecondition, "the organisation leads or partners projects, which keep it even with force"},
  {"ORGANISATION_VANISHED", ErrorCode::kInternal, "an organisation disappeared between two reads of one transaction"},
  {"CONTACT_IN_USE", ErrorCode::kFailedPrecondition, "the contact leads projects or wrote updates or posts, which keep it"},
  {"MALFORMED_VCARD", ErrorCode::kInvalidArgument, "the vCard file cannot be read as vCard 2.1, 3.0 or 4.0"},
  {"INVALID_VCARD_CONTACT", ErrorCode::kInvalidArgument, "a card of the vCard file breaks a contact rule; the violations name card and field"},

  // Projects
  {"PROJECT_NOT_FOUND", ErrorCode::kNotFound, "no project has that code"},
  {"MILESTONE_NOT_FOUND", ErrorCode::kNotFound, "the project has no milestone with that id"},
  {"INVALID_PROJECT", ErrorCode::kInvalidArgument, "a project's fields break its rules; the violations name each"},
  {"INVALID_MILESTONE", ErrorCode::kInvalidArgument, "a milestone's fields break its rules; the violations name each"},
  {"INVALID_STATUS_UPDATE", ErrorCode::kInvalidArgument, "a status update's fields break its rules; the violations name each"},
  {"DUPLICATE_PROJECT_CODE", ErrorCode::kAlreadyExists, "another project has that code"},
  {"INVALID_STATE_TRANSITION", ErrorCode::kFailedPrecondition, "the project cannot move from its state to the one asked for"},
  {"UNKNOWN_PREDECESSOR", ErrorCode::kInvalidArgument, "a milestone names a predecessor the project does not have"},
  {"MILESTONE_CYCLE", ErrorCode::kInvalidArgument, "the predecessors would make a milestone wait for itself"},
  {"COMPLETED_BEFORE_PREDECESSOR", ErrorCode::kFailedPrecondition, "a milestone cannot be completed before its predecessors are"},
  {"SCHEDULE_CHANGED", ErrorCode::kAborted, "the schedule changed while the plan was merged: import again"},
  {"INVALID_PLAN_FORMAT", ErrorCode::kInvalidArgument, "the plan's format is not MS Project XML or kmhub CSV"},
  {"MALFORMED_PLAN", ErrorCode::kInvalidArgument, "the plan file cannot be read; the message says where"},
  {"INVALID_PROCEDURE_CODE", ErrorCode::kInvalidArgument, "a procedure code is neither OPCS-4 (W37.1) nor HRG4 (HB12C)"},

  // Imports of files (activity, surveys, contacts, plans)
  {"IMPORT_TOO_LARGE", ErrorCode::kInvalidArgument, "the file has more rows or cards than the server's --max-import-rows"},
  {"TOO_MANY_ROWS", ErrorCode::kInvalidArgument, "a CSV text has more rows than allowed"},
  {"MALFORMED_CSV", ErrorCode::kInvalidArgument, "the CSV cannot be read (an unclosed quote); the message says where"},
  {"EMPTY_FILE", ErrorCode::kInvalidArgument, "the file has no header row"},
  {"MISSING_COLUMN", ErrorCode::kInvalidArgument, "a column the format needs is not in the header row"},
  {"DUPLICATE_COLUMN", ErrorCode::kInvalidArgument, "two columns of the header row map to the same thing"},
  {"PATIENT_IDENTIFIABLE_COLUMN", ErrorCode::kInvalidArgument, "the file has a column that could identify patients (NHS number, name, date of birth): refused whole"},
  {"INVALID_FINANCIAL_YEAR", ErrorCode::kInvalidArgument, "a financial year is not 2009/10, 2009-10 or 2009 (the April it starts in)"},
  {"INVALID_ACTIVITY_ROWS", ErrorCode::kInvalidArgument, "rows of an activity or catalogue file break their rules; nothing was imported; one violation per problem"},
  {"INVALID_SURVEY_ROWS", ErrorCode::kInvalidArgument, "rows of a survey export break their rules; nothing was imported; one violation per problem"},

  // Surveys
  {"SURVEY_NOT_FOUND", ErrorCode::kNotFound, "no survey has that code"},
  {"WAVE_NOT_FOUND", ErrorCode::kNotFound, "the survey has no wave with that code"},
  {"QUESTION_NOT_FOUND", ErrorCode::kNotFound, "the survey has no question with that code"},
  {"IMPORT_NOT_FOUND", ErrorCode::kNotFound, "no survey import has that id"},
  {"WAVE_EXISTS", ErrorCode::kAlreadyExists, "the survey already has a wave with that code"},
  {"INVALID_SURVEY", ErrorCode::kInvalidArgument, "a survey definition breaks its rules (code, title, audience, questions); the violations name each"},
  {"SURVEY_EXISTS", ErrorCode::kAlreadyExists, "a survey with that code exists"},
  {"NOT_LATEST_IMPORT", ErrorCode::kFailedPrecondition, "only the latest import of a wave can be undone"},
  {"ALREADY_UNDONE", ErrorCode::kFailedPrecondition, "the import was undone before"},
  {"IMPORT_RECORD_MISSING", ErrorCode::kInternal, "an import's record vanished inside its own transaction"},
  {"MALFORMED_MAPPING", ErrorCode::kInvalidArgument, "a mapping file line is not 'export column = target'"},
  {"MAPPED_COLUMN_MISSING", ErrorCode::kInvalidArgument, "the mapping names a column the export does not have"},
  {"UNKNOWN_MAPPING_TARGET", ErrorCode::kInvalidArgument, "the mapping names a target that is not a question of the survey"},
  {"UNKNOWN_ANSWER", ErrorCode::kInvalidArgument, "an answer is not a point of its question's scale"},
  {"BAD_ANSWER_TEXT", ErrorCode::kInvalidArgument, "a free-text answer breaks the text rules"},

  // Partner e-mail
  {"UNPARSEABLE_MESSAGE", ErrorCode::kInvalidArgument, "a message of an archive has no header that can be read"},
  {"MAIL_REFUSED", ErrorCode::kInvalidArgument, "messages of an archive cannot be imported (unreadable, or holding NHS numbers); the violations name each"},
  {"MAIL_IMPORT_NOT_FOUND", ErrorCode::kNotFound, "no mail import has that id"},
  {"MAIL_FOLDER_EXISTS", ErrorCode::kAlreadyExists, "a mail folder with that name exists"},
  {"MAIL_FOLDER_NOT_FOUND", ErrorCode::kNotFound, "no mail folder has that name"},
  {"MAIL_THREAD_NOT_FOUND", ErrorCode::kNotFound, "no mail thread has that id"},
  {"INVALID_MAIL_FOLDER", ErrorCode::kInvalidArgument, "a mail folder's fields break their rules; the violations name each"},

  // Forums
  {"CATEGORY_NOT_FOUND", ErrorCode::kNotFound, "no forum category has that code"},
  {"THREAD_NOT_FOUND", ErrorCode::kNotFound, "no thread has that id"},
  {"POST_NOT_FOUND", ErrorCode::kNotFound, "no post has that id"},
  {"CATEGORY_EXISTS", ErrorCode::kAlreadyExists, "a category with that code exists"},
  {"INVALID_CATEGORY", ErrorCode::kInvalidArgument, "a category's fields break its rules; the violations name each"},
  {"INVALID_THREAD", ErrorCode::kInvalidArgument, "a thread's fields break its rules; the violations name each"},
  {"INVALID_POST", ErrorCode::kInvalidArgument, "a post's fields break its rules; the violations name each"},
  {"AUTHOR_REQUIRED", ErrorCode::kInvalidArgument, "a post needs the contact who writes it"},
  {"UNRESOLVED_MENTION", ErrorCode::kInvalidArgument, "an @mention names no contact"},
  {"REPLY_ELSEWHERE", ErrorCode::kInvalidArgument, "the post replied to is in another thread"},
  {"ANSWER_ELSEWHERE", ErrorCode::kInvalidArgument, "the post marked as the answer is in another thread"},
  {"OPENING_POST", ErrorCode::kFailedPrecondition, "a thread's opening post cannot be deleted; delete the thread"},
  {"THREAD_LOCKED", ErrorCode::kFailedPrecondition, "the thread is locked by a moderator"},
  {"ROLE_NOT_IN_CATEGORY", ErrorCode::kPermissionDenied, "the author's clinical role may not post in the category"},
  {"WATCH_TARGET", ErrorCode::kInvalidArgument, "a watch names neither a thread nor a category, or both"},
  {"TOO_MANY_WATCHERS", ErrorCode::kResourceExhausted, "the server has its --max-forum-watchers open watches"},
  {"WATCH_TOO_SLOW", ErrorCode::kResourceExhausted, "a watcher read too slowly and fell too far behind: watch again"},
  {"POSTING_BUSY", ErrorCode::kResourceExhausted, "too many posts wait to be written: retry shortly"},
  {"EMPTY_QUERY", ErrorCode::kInvalidArgument, "a search has no word that is not excluded"},
  {"QUERY_TOO_LONG", ErrorCode::kInvalidArgument, "a search has more words or phrases than allowed"},
  {"INVALID_QUERY", ErrorCode::kInvalidArgument, "the database could not run the search as written"},

  // The database
  {"DATABASE_UNAVAILABLE", ErrorCode::kUnavailable, "the database cannot be reached or opened: retry"},
  {"DATABASE_BUSY", ErrorCode::kUnavailable, "the database stayed locked past the busy timeout: retry"},
  {"TRANSACTION_CONFLICT", ErrorCode::kAborted, "PostgreSQL could not serialise the transaction: retry"},
  {"STATEMENT_TIMEOUT", ErrorCode::kDeadlineExceeded, "a statement ran past the statement timeout"},
  {"DUPLICATE_KEY", ErrorCode::kAlreadyExists, "a unique value is taken"},
  {"REFERENCED_RECORD", ErrorCode::kFailedPrecondition, "the record is referenced by others and cannot go"},
  {"CONSTRAINT_VIOLATION", ErrorCode::kFailedPrecondition, "a database constraint refused the change"},
  {"DATABASE_ERROR", ErrorCode::kInternal, "the database failed in a way kmhub did not expect; the server log has it"},
  {"DATABASE_CORRUPT", ErrorCode::kInternal, "the database file is damaged; the server stops serving (restore from a backup)"},

  // Operations (admin commands and start-up)
  {"INVALID_DATABASE_URL", ErrorCode::kInvalidArgument, "--database is not a SQLite path or a postgresql:// URL"},
  {"BAD_MIGRATION_FILE", ErrorCode::kInvalidArgument, "a migration file of the build does not read (a build mistake)"},
  {"DATABASE_IN_USE", ErrorCode::kFailedPrecondition, "another server holds the SQLite database"},
  {"INSTANCE_LOCK_UNAVAILABLE", ErrorCode::kUnavailable, "the lock file next to the SQLite database cannot be opened"},
  {"NOT_SQLITE", ErrorCode::kFailedPrecondition, "the command works on SQLite databases only"},
  {"INTEGRITY_CHECK_FAILED", ErrorCode::kInternal, "SQLite's integrity check found damage"},
  {"BACKUP_FAILED", ErrorCode::kUnavailable, "the online backup did not finish"},
  {"BACKUP_TARGET_UNWRITABLE", ErrorCode::kUnavailable, "the backup file cannot be written"},
  {"BACKUP_CORRUPT", ErrorCode::kInternal, "the backup's own integrity check failed; the backup was removed"},
  {"BAD_ADDRESS", ErrorCode::kInvalidArgument, "a listen address is not host:port"},
  {"BAD_CERT_ROLE", ErrorCode::kInvalidArgument, "--client-cert-role is not CN=role[@organisation]"},
  {"TLS_INCOMPLETE", ErrorCode::kInvalidArgument, "TLS needs a certificate and its key (and a client CA for certificate roles)"},
  {"UNREADABLE_FILE", ErrorCode::kInvalidArgument, "a file named by an option cannot be read"},
};
// clang-format on

constexpr const ReasonInfo* FindReason(std::string_view name) {
  for (const auto& r : kReasons)
    if (r.name == name) return &r;
  return nullptr;
}

// Never defined: a call in a constant expression is what makes an undeclared reason fail to compile.
void ReasonNotDeclaredWithThisCode(const char* name);

// A reason checked at compile time against kReasons for the code of the function taking it.
template <ErrorCode Code>
class Reason {
 public:
  consteval Reason(const char* name) : name_(name) {  // NOLINT: implicit from a literal by design
    const auto* info = FindReason(name_);
    if (info == nullptr || info->code != Code) ReasonNotDeclaredWithThisCode(name);
  }
  constexpr std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

}  // namespace kmhub
