#pragma once
// The audit log: one row per change, written by the store in the same transaction as the
// change itself, so a change is never recorded without happening or the other way round.
// It is append-only: nothing in the store updates or deletes an audit row.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/platform/rules/field_changes.h"
#include "server/platform/db/page.h"
#include "shared/error.h"

namespace kmhub::store {

// Who is changing things on this thread: set by the API for the length of one RPC (the sync
// gRPC server runs a call on one thread). Without a scope, changes are recorded as "system"
// (the demo loader, the bootstrap token command).
struct ChangeAuthor {
  std::string actor = "system";
  std::string method;
  std::string request_id;
  std::string detail;  // what the API adds to the store's summary, e.g. the update mask
};

class ChangeAuthorScope {
 public:
  explicit ChangeAuthorScope(ChangeAuthor author);
  ~ChangeAuthorScope();
  ChangeAuthorScope(const ChangeAuthorScope&) = delete;
  ChangeAuthorScope& operator=(const ChangeAuthorScope&) = delete;
  ChangeAuthor& author() { return author_; }

 private:
  ChangeAuthor author_;
  ChangeAuthor* previous_;
};

// Who is changing things on this thread ("system" outside an RPC).
std::string CurrentActor();
// The whole of it, for work handed to another thread (the forum's post writer) to be recorded
// as the caller's.
ChangeAuthor CurrentChangeAuthor();

struct AuditEventRecord {
  std::int64_t id = 0;
  std::int64_t event_micros = 0;
  std::string actor, method, resource, request_id, summary;
  std::vector<domain::FieldChange> changes;  // each changed field, before and after
};

struct AuditQuery {
  std::string actor;            // exact; "": any
  std::string method;           // exact; "": any
  std::string resource;         // this resource and everything under it; "": any
  std::int64_t since_micros = 0;  // inclusive; 0: no bound
  std::int64_t until_micros = 0;  // exclusive; 0: no bound
  PagePosition position;        // newest first
};

class AuditStore {
 public:
  explicit AuditStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Expected<Page<AuditEventRecord>> List(const AuditQuery& query);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
