#pragma once
// The thin C++ client of kmhub: every call has a deadline; idempotent calls (reads, deletes,
// and creates, which always carry a request_id) are retried with backoff when the server did
// nothing (see IsRetryable), waiting at least as long as the server's RetryInfo asks.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "kmhub/v1/access.grpc.pb.h"
#include "kmhub/v1/activity.grpc.pb.h"
#include "kmhub/v1/survey.grpc.pb.h"
#include "kmhub/v1/contact.grpc.pb.h"
#include "kmhub/v1/forum.grpc.pb.h"
#include "kmhub/v1/mail.grpc.pb.h"
#include "kmhub/v1/organisation.grpc.pb.h"
#include "kmhub/v1/project.grpc.pb.h"
#include "kmhub/v1/relationship.grpc.pb.h"

namespace kmhub::client {

inline constexpr const char* kServerEnvironmentVariable = "KMHUB_SERVER";
inline constexpr const char* kDefaultServer = "127.0.0.1:50051";
inline constexpr const char* kTokenEnvironmentVariable = "KMHUB_TOKEN";

struct ClientOptions {
  std::string server = kDefaultServer;
  // Sent as "authorization: Bearer <token>" on every call; empty: none (mutual TLS, or a
  // server started with --insecure-no-auth).
  std::string token;
  // TLS: on when `tls` is set or any PEM text is given. The CA verifies the server (empty:
  // the system's roots); a certificate and key identify this client (mutual TLS).
  bool tls = false;
  std::string tls_ca_pem, tls_certificate_pem, tls_private_key_pem;
  std::string tls_server_name;  // overrides the name checked against the server certificate
  std::chrono::milliseconds deadline{10000};
  int max_attempts = 3;  // for idempotent calls that failed retryably
  std::chrono::milliseconds initial_backoff{100};
};

// UNAVAILABLE, CANCELLED by a server that was stopping, or RESOURCE_EXHAUSTED (rate limit, full
// thread pool): the call did nothing and an idempotent one may be sent again.
bool IsRetryable(grpc::StatusCode code);
// The delay a failed status asks for (google.rpc.RetryInfo), or zero.
std::chrono::milliseconds RetryDelay(const grpc::Status& status);

// KMHUB_SERVER when set, else the default.
std::string DefaultServerAddress();
// KMHUB_TOKEN when set, else empty.
std::string DefaultToken();
// The channel the options describe (plaintext or TLS).
std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options);

// A human-readable form of a failed status: its message, and the reason from ErrorInfo.
struct ErrorDetails {
  std::string reason;
  std::vector<std::pair<std::string, std::string>> field_violations;
};
ErrorDetails ParseErrorDetails(const grpc::Status& status);

// One WatchForum stream: Read() until it returns false, then Finish() for the status. Cancel()
// may be called from another thread (Ctrl-C, a test) and ends the stream.
class ForumWatchStream {
 public:
  ForumWatchStream(const std::shared_ptr<grpc::Channel>& channel, const ClientOptions& options,
                   const kmhub::v1::WatchForumRequest& request, std::chrono::milliseconds max_duration);
  bool Read(kmhub::v1::ForumEvent* event) { return reader_->Read(event); }
  void Cancel() { context_.TryCancel(); }
  grpc::Status Finish() { return reader_->Finish(); }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<kmhub::v1::ForumService::Stub> stub_;
  std::unique_ptr<grpc::ClientReader<kmhub::v1::ForumEvent>> reader_;
};

class KmhubClient {
 public:
  explicit KmhubClient(ClientOptions options);
  KmhubClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel);

  const ClientOptions& options() const { return options_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

  // Organisations. Creates fill in request_id when it is empty.
  grpc::Status CreateOrganisation(kmhub::v1::CreateOrganisationRequest request, kmhub::v1::Organisation* out);
  grpc::Status GetOrganisation(const std::string& name, kmhub::v1::Organisation* out);
  grpc::Status ListOrganisations(const kmhub::v1::ListOrganisationsRequest& request,
                                 kmhub::v1::ListOrganisationsResponse* out);
  grpc::Status UpdateOrganisation(const kmhub::v1::UpdateOrganisationRequest& request, kmhub::v1::Organisation* out);
  grpc::Status DeleteOrganisation(const kmhub::v1::DeleteOrganisationRequest& request);

  // Contacts.
  grpc::Status CreateContact(kmhub::v1::CreateContactRequest request, kmhub::v1::Contact* out);
  grpc::Status GetContact(const std::string& name, kmhub::v1::Contact* out);
  grpc::Status ListContacts(const kmhub::v1::ListContactsRequest& request, kmhub::v1::ListContactsResponse* out);
  grpc::Status UpdateContact(const kmhub::v1::UpdateContactRequest& request, kmhub::v1::Contact* out);
  grpc::Status DeleteContact(const kmhub::v1::DeleteContactRequest& request);
  grpc::Status ImportContacts(kmhub::v1::ImportContactsRequest request, kmhub::v1::ImportContactsResponse* out);
  grpc::Status ExportContacts(const kmhub::v1::ExportContactsRequest& request, kmhub::v1::ExportContactsResponse* out);

  // Relationships.
  grpc::Status CreateRelationship(kmhub::v1::CreateRelationshipRequest request, kmhub::v1::Relationship* out);
  grpc::Status GetRelationship(const std::string& name, kmhub::v1::Relationship* out);
  grpc::Status ListRelationships(const kmhub::v1::ListRelationshipsRequest& request,
                                 kmhub::v1::ListRelationshipsResponse* out);
  grpc::Status UpdateRelationship(const kmhub::v1::UpdateRelationshipRequest& request, kmhub::v1::Relationship* out);
  grpc::Status DeleteRelationship(const kmhub::v1::DeleteRelationshipRequest& request);

  // Projects (the PBC database).
  grpc::Status CreateProject(kmhub::v1::CreateProjectRequest request, kmhub::v1::Project* out);
  grpc::Status GetProject(const std::string& name, kmhub::v1::Project* out);
  grpc::Status ListProjects(const kmhub::v1::ListProjectsRequest& request, kmhub::v1::ListProjectsResponse* out);
  grpc::Status UpdateProject(const kmhub::v1::UpdateProjectRequest& request, kmhub::v1::Project* out);
  grpc::Status DeleteProject(const kmhub::v1::DeleteProjectRequest& request);
  grpc::Status CreateMilestone(kmhub::v1::CreateMilestoneRequest request, kmhub::v1::Milestone* out);
  grpc::Status ListMilestones(const std::string& project, kmhub::v1::ListMilestonesResponse* out);
  grpc::Status UpdateMilestone(const kmhub::v1::UpdateMilestoneRequest& request, kmhub::v1::Milestone* out);
  grpc::Status DeleteMilestone(const std::string& name);
  grpc::Status CreateStatusUpdate(kmhub::v1::CreateStatusUpdateRequest request, kmhub::v1::StatusUpdate* out);
  grpc::Status ListStatusUpdates(const kmhub::v1::ListStatusUpdatesRequest& request,
                                 kmhub::v1::ListStatusUpdatesResponse* out);
  grpc::Status ImportPlan(kmhub::v1::ImportPlanRequest request, kmhub::v1::ImportPlanResponse* out);
  grpc::Status GetProjectStatus(const kmhub::v1::GetProjectStatusRequest& request, kmhub::v1::ProjectStatus* out);
  grpc::Status GetPortfolio(const kmhub::v1::GetPortfolioRequest& request, kmhub::v1::Portfolio* out);

  // Tokens and the audit log (admin).
  grpc::Status CreateToken(const kmhub::v1::CreateTokenRequest& request, kmhub::v1::CreateTokenResponse* out);
  grpc::Status ListTokens(const kmhub::v1::ListTokensRequest& request, kmhub::v1::ListTokensResponse* out);
  grpc::Status RevokeToken(const std::string& name, kmhub::v1::Token* out);
  grpc::Status GetCaller(kmhub::v1::Caller* out);
  grpc::Status ListAuditEvents(const kmhub::v1::ListAuditEventsRequest& request,
                               kmhub::v1::ListAuditEventsResponse* out);

  // Patient activity and ROI.
  grpc::Status ComputeProjectRoi(const kmhub::v1::ComputeProjectRoiRequest& request, kmhub::v1::ProjectRoi* out);
  grpc::Status RankProjectRoi(const kmhub::v1::RankProjectRoiRequest& request,
                              kmhub::v1::RankProjectRoiResponse* out);
  grpc::Status ListActivity(const kmhub::v1::ListActivityRequest& request, kmhub::v1::ListActivityResponse* out);
  grpc::Status ListProcedures(const kmhub::v1::ListProceduresRequest& request, kmhub::v1::ListProceduresResponse* out);
  grpc::Status ImportProcedures(const kmhub::v1::ImportProceduresRequest& request,
                                kmhub::v1::ImportProceduresResponse* out);
  // Streams an activity CSV in 1 MiB chunks after `header` (dry run, problems in response,
  // request id); `progress(bytes_sent)` after each. Not retried: the stream cannot be replayed;
  // sending the file again with the same request id is answered with the first import.
  grpc::Status ImportActivity(const kmhub::v1::ImportActivityChunk& header, std::istream& csv,
                              const std::function<void(std::size_t)>& progress, kmhub::v1::ImportActivityResponse* out);

  // Surveys (admin tooling for imports and undo).
  grpc::Status ListSurveys(kmhub::v1::ListSurveysResponse* out);
  grpc::Status GetSurvey(const std::string& name, kmhub::v1::Survey* out);
  grpc::Status CreateSurvey(const kmhub::v1::CreateSurveyRequest& request, kmhub::v1::Survey* out);
  grpc::Status CreateSurveyWave(const kmhub::v1::CreateSurveyWaveRequest& request, kmhub::v1::SurveyWave* out);
  // `header` (wave, format, mapping, file name, dry run) goes in the first chunk; the file
  // follows in 1 MiB chunks. Not retried, like ImportActivity.
  grpc::Status ImportSurveyResponses(const kmhub::v1::ImportSurveyResponsesChunk& header, std::istream& file,
                                     const std::function<void(std::size_t)>& progress, kmhub::v1::SurveyImport* out);
  grpc::Status ListSurveyImports(const kmhub::v1::ListSurveyImportsRequest& request,
                                 kmhub::v1::ListSurveyImportsResponse* out);
  grpc::Status UndoSurveyImport(const std::string& name, kmhub::v1::SurveyImport* out);
  grpc::Status GetSurveyResults(const kmhub::v1::GetSurveyResultsRequest& request, kmhub::v1::SurveyResults* out);

  // Partner e-mail.
  grpc::Status CreateMailFolder(const kmhub::v1::CreateMailFolderRequest& request, kmhub::v1::MailFolder* out);
  grpc::Status ListMailFolders(kmhub::v1::ListMailFoldersResponse* out);
  // `header` (folder, options, request id) goes in the first chunk; each file follows in 1 MiB
  // chunks, its first chunk carrying its name. `progress(bytes_sent)` after each chunk. Not
  // retried, like ImportActivity.
  struct MailFile {
    std::string name;  // as the import records it (the path given)
    std::istream* data;
  };
  grpc::Status ImportMail(const kmhub::v1::ImportMailChunk& header, const std::vector<MailFile>& files,
                          const std::function<void(std::size_t)>& progress, kmhub::v1::ImportMailResponse* out);
  grpc::Status ListMailImports(const kmhub::v1::ListMailImportsRequest& request,
                               kmhub::v1::ListMailImportsResponse* out);
  grpc::Status UndoMailImport(const std::string& name, kmhub::v1::MailImport* out);
  grpc::Status ListMailThreads(const kmhub::v1::ListMailThreadsRequest& request,
                               kmhub::v1::ListMailThreadsResponse* out);
  grpc::Status GetMailThread(const std::string& name, kmhub::v1::MailThread* out);

  // Project contributors.
  grpc::Status ListProjectContributors(const std::string& project, kmhub::v1::ListProjectContributorsResponse* out);

  // Forums.
  grpc::Status ListForumCategories(kmhub::v1::ListForumCategoriesResponse* out);
  grpc::Status CreateForumCategory(const kmhub::v1::CreateForumCategoryRequest& request, kmhub::v1::ForumCategory* out);
  grpc::Status CreateForumThread(kmhub::v1::CreateForumThreadRequest request, kmhub::v1::ForumThread* out);
  grpc::Status GetForumThread(const std::string& name, kmhub::v1::ForumThread* out);
  grpc::Status ListForumThreads(const kmhub::v1::ListForumThreadsRequest& request,
                                kmhub::v1::ListForumThreadsResponse* out);
  grpc::Status CreateForumPost(kmhub::v1::CreateForumPostRequest request, kmhub::v1::ForumPost* out);
  grpc::Status ListForumPosts(const kmhub::v1::ListForumPostsRequest& request, kmhub::v1::ListForumPostsResponse* out);
  grpc::Status UpdateForumPost(const kmhub::v1::UpdateForumPostRequest& request, kmhub::v1::ForumPost* out);
  grpc::Status AcceptForumAnswer(const kmhub::v1::AcceptForumAnswerRequest& request, kmhub::v1::ForumThread* out);
  grpc::Status LockForumThread(const kmhub::v1::LockForumThreadRequest& request, kmhub::v1::ForumThread* out);
  grpc::Status SearchForum(const kmhub::v1::SearchForumRequest& request, kmhub::v1::SearchForumResponse* out);
  // A watch lasts at most `max_duration` (its deadline), or until cancelled.
  std::unique_ptr<ForumWatchStream> WatchForum(const kmhub::v1::WatchForumRequest& request,
                                               std::chrono::milliseconds max_duration);

 private:
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub* stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response, bool idempotent);

  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  // Streams `files` one after the other in 1 MiB chunks: make_chunk(first of the upload, index
  // of the file this chunk starts or kNoFileStart, bytes). Deadline, token and request id as Call.
  static constexpr std::size_t kNoFileStart = static_cast<std::size_t>(-1);
  template <typename Chunk, typename Response, typename OpenStream, typename MakeChunk>
  grpc::Status Upload(const std::vector<std::istream*>& files, OpenStream open, MakeChunk make_chunk,
                      const std::function<void(std::size_t)>& progress, Response* out);

  std::unique_ptr<kmhub::v1::OrganisationService::Stub> organisations_;
  std::unique_ptr<kmhub::v1::ContactService::Stub> contacts_;
  std::unique_ptr<kmhub::v1::RelationshipService::Stub> relationships_;
  std::unique_ptr<kmhub::v1::ProjectService::Stub> projects_;
  std::unique_ptr<kmhub::v1::TokenService::Stub> tokens_;
  std::unique_ptr<kmhub::v1::AuditService::Stub> audit_;
  std::unique_ptr<kmhub::v1::ActivityService::Stub> activity_;
  std::unique_ptr<kmhub::v1::SurveyService::Stub> surveys_;
  std::unique_ptr<kmhub::v1::ForumService::Stub> forums_;
  std::unique_ptr<kmhub::v1::MailService::Stub> mail_;
};

}  // namespace kmhub::client
