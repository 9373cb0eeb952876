#include "client/kmhub_client.h"

#include <cstdlib>
#include <thread>

#include "client/request_id.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace kmhub::client {

std::string DefaultServerAddress() {
  const char* env = std::getenv(kServerEnvironmentVariable);
  return env && *env ? env : kDefaultServer;
}

bool IsRetryable(grpc::StatusCode code) {
  // This client never cancels its own calls, so CANCELLED comes from a server that was
  // shutting down before the call started; like UNAVAILABLE, nothing was done. RESOURCE_EXHAUSTED
  // is the server's rate limit or its full thread pool: also nothing done, worth a later try.
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

std::chrono::milliseconds RetryDelay(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  if (status.error_details().empty() || !rpc_status.ParseFromString(status.error_details()))
    return std::chrono::milliseconds(0);
  for (const auto& any : rpc_status.details()) {
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&retry))
      return std::chrono::milliseconds(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000);
  }
  return std::chrono::milliseconds(0);
}

ErrorDetails ParseErrorDetails(const grpc::Status& status) {
  ErrorDetails details;
  google::rpc::Status rpc_status;
  if (status.error_details().empty() || !rpc_status.ParseFromString(status.error_details())) return details;
  for (const auto& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      details.reason = info.reason();
    } else if (any.UnpackTo(&bad_request)) {
      for (const auto& v : bad_request.field_violations())
        details.field_violations.emplace_back(v.field(), v.description());
    }
  }
  return details;
}

std::string DefaultToken() {
  const char* env = std::getenv(kTokenEnvironmentVariable);
  return env ? env : "";
}

std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options) {
  const bool tls = options.tls || !options.tls_ca_pem.empty() || !options.tls_certificate_pem.empty();
  if (!tls) return grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials());
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.tls_ca_pem;
  ssl.pem_cert_chain = options.tls_certificate_pem;
  ssl.pem_private_key = options.tls_private_key_pem;
  grpc::ChannelArguments args;
  if (!options.tls_server_name.empty()) args.SetSslTargetNameOverride(options.tls_server_name);
  return grpc::CreateCustomChannel(options.server, grpc::SslCredentials(ssl), args);
}

KmhubClient::KmhubClient(ClientOptions options) : KmhubClient(options, MakeChannel(options)) {}

KmhubClient::KmhubClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)),
      channel_(std::move(channel)),
      organisations_(kmhub::v1::OrganisationService::NewStub(channel_)),
      contacts_(kmhub::v1::ContactService::NewStub(channel_)),
      relationships_(kmhub::v1::RelationshipService::NewStub(channel_)),
      projects_(kmhub::v1::ProjectService::NewStub(channel_)),
      tokens_(kmhub::v1::TokenService::NewStub(channel_)),
      audit_(kmhub::v1::AuditService::NewStub(channel_)),
      activity_(kmhub::v1::ActivityService::NewStub(channel_)),
      surveys_(kmhub::v1::SurveyService::NewStub(channel_)),
      forums_(kmhub::v1::ForumService::NewStub(channel_)),
      mail_(kmhub::v1::MailService::NewStub(channel_)) {}

template <typename Stub, typename Request, typename Response>
grpc::Status KmhubClient::Call(Stub* stub,
                               grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                               const Request& request, Response* response, bool idempotent) {
  const int attempts = idempotent ? std::max(1, options_.max_attempts) : 1;
  auto backoff = options_.initial_backoff;
  grpc::Status status;
  // One id for every attempt, the request's own when it has one: the server's audit log
  // then ties a change to the request that made it, retries included.
  std::string request_id;
  if (const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
      field && field->type() == google::protobuf::FieldDescriptor::TYPE_STRING)
    request_id = request.GetReflection()->GetString(request, field);
  if (request_id.empty()) request_id = NewRequestId();
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + options_.deadline);
    if (!options_.token.empty()) context.AddMetadata("authorization", "Bearer " + options_.token);
    context.AddMetadata("x-request-id", request_id);
    status = (stub->*method)(&context, request, response);
    if (!IsRetryable(status.error_code()) || attempt == attempts) break;
    // A server that says when to come back (rate limit) is taken at its word.
    std::this_thread::sleep_for(std::max(backoff, RetryDelay(status)));
    backoff *= 2;
  }
  return status;
}

// --- organisations ---
grpc::Status KmhubClient::CreateOrganisation(kmhub::v1::CreateOrganisationRequest request,
                                             kmhub::v1::Organisation* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(organisations_.get(), &kmhub::v1::OrganisationService::Stub::CreateOrganisation, request, out, true);
}
grpc::Status KmhubClient::GetOrganisation(const std::string& name, kmhub::v1::Organisation* out) {
  kmhub::v1::GetOrganisationRequest request;
  request.set_name(name);
  return Call(organisations_.get(), &kmhub::v1::OrganisationService::Stub::GetOrganisation, request, out, true);
}
grpc::Status KmhubClient::ListOrganisations(const kmhub::v1::ListOrganisationsRequest& request,
                                            kmhub::v1::ListOrganisationsResponse* out) {
  return Call(organisations_.get(), &kmhub::v1::OrganisationService::Stub::ListOrganisations, request, out, true);
}
grpc::Status KmhubClient::UpdateOrganisation(const kmhub::v1::UpdateOrganisationRequest& request,
                                             kmhub::v1::Organisation* out) {
  // An update with an etag cannot apply twice; without one it is retried only by the caller.
  return Call(organisations_.get(), &kmhub::v1::OrganisationService::Stub::UpdateOrganisation, request, out,
              !request.organisation().etag().empty());
}
grpc::Status KmhubClient::DeleteOrganisation(const kmhub::v1::DeleteOrganisationRequest& request) {
  google::protobuf::Empty empty;
  return Call(organisations_.get(), &kmhub::v1::OrganisationService::Stub::DeleteOrganisation, request, &empty, true);
}

// --- contacts ---
grpc::Status KmhubClient::CreateContact(kmhub::v1::CreateContactRequest request, kmhub::v1::Contact* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::CreateContact, request, out, true);
}
grpc::Status KmhubClient::GetContact(const std::string& name, kmhub::v1::Contact* out) {
  kmhub::v1::GetContactRequest request;
  request.set_name(name);
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::GetContact, request, out, true);
}
grpc::Status KmhubClient::ListContacts(const kmhub::v1::ListContactsRequest& request,
                                       kmhub::v1::ListContactsResponse* out) {
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::ListContacts, request, out, true);
}
grpc::Status KmhubClient::UpdateContact(const kmhub::v1::UpdateContactRequest& request, kmhub::v1::Contact* out) {
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::UpdateContact, request, out,
              !request.contact().etag().empty());
}
grpc::Status KmhubClient::DeleteContact(const kmhub::v1::DeleteContactRequest& request) {
  google::protobuf::Empty empty;
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::DeleteContact, request, &empty, true);
}
grpc::Status KmhubClient::ImportContacts(kmhub::v1::ImportContactsRequest request,
                                         kmhub::v1::ImportContactsResponse* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  // Re-importing matches the cards already written, so a retry creates nothing twice.
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::ImportContacts, request, out, true);
}
grpc::Status KmhubClient::ExportContacts(const kmhub::v1::ExportContactsRequest& request,
                                         kmhub::v1::ExportContactsResponse* out) {
  return Call(contacts_.get(), &kmhub::v1::ContactService::Stub::ExportContacts, request, out, true);
}

// --- relationships ---
grpc::Status KmhubClient::CreateRelationship(kmhub::v1::CreateRelationshipRequest request,
                                             kmhub::v1::Relationship* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(relationships_.get(), &kmhub::v1::RelationshipService::Stub::CreateRelationship, request, out, true);
}
grpc::Status KmhubClient::GetRelationship(const std::string& name, kmhub::v1::Relationship* out) {
  kmhub::v1::GetRelationshipRequest request;
  request.set_name(name);
  return Call(relationships_.get(), &kmhub::v1::RelationshipService::Stub::GetRelationship, request, out, true);
}
grpc::Status KmhubClient::ListRelationships(const kmhub::v1::ListRelationshipsRequest& request,
                                            kmhub::v1::ListRelationshipsResponse* out) {
  return Call(relationships_.get(), &kmhub::v1::RelationshipService::Stub::ListRelationships, request, out, true);
}
grpc::Status KmhubClient::UpdateRelationship(const kmhub::v1::UpdateRelationshipRequest& request,
                                             kmhub::v1::Relationship* out) {
  return Call(relationships_.get(), &kmhub::v1::RelationshipService::Stub::UpdateRelationship, request, out,
              !request.relationship().etag().empty());
}
grpc::Status KmhubClient::DeleteRelationship(const kmhub::v1::DeleteRelationshipRequest& request) {
  google::protobuf::Empty empty;
  return Call(relationships_.get(), &kmhub::v1::RelationshipService::Stub::DeleteRelationship, request, &empty, true);
}

// --- projects ---
using PS = kmhub::v1::ProjectService::Stub;

grpc::Status KmhubClient::CreateProject(kmhub::v1::CreateProjectRequest request, kmhub::v1::Project* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(projects_.get(), &PS::CreateProject, request, out, true);
}
grpc::Status KmhubClient::GetProject(const std::string& name, kmhub::v1::Project* out) {
  kmhub::v1::GetProjectRequest request;
  request.set_name(name);
  return Call(projects_.get(), &PS::GetProject, request, out, true);
}
grpc::Status KmhubClient::ListProjects(const kmhub::v1::ListProjectsRequest& request,
                                       kmhub::v1::ListProjectsResponse* out) {
  return Call(projects_.get(), &PS::ListProjects, request, out, true);
}
grpc::Status KmhubClient::UpdateProject(const kmhub::v1::UpdateProjectRequest& request, kmhub::v1::Project* out) {
  return Call(projects_.get(), &PS::UpdateProject, request, out, !request.project().etag().empty());
}
grpc::Status KmhubClient::DeleteProject(const kmhub::v1::DeleteProjectRequest& request) {
  google::protobuf::Empty empty;
  return Call(projects_.get(), &PS::DeleteProject, request, &empty, true);
}
grpc::Status KmhubClient::CreateMilestone(kmhub::v1::CreateMilestoneRequest request, kmhub::v1::Milestone* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(projects_.get(), &PS::CreateMilestone, request, out, true);
}
grpc::Status KmhubClient::ListMilestones(const std::string& project, kmhub::v1::ListMilestonesResponse* out) {
  kmhub::v1::ListMilestonesRequest request;
  request.set_parent(project);
  return Call(projects_.get(), &PS::ListMilestones, request, out, true);
}
grpc::Status KmhubClient::UpdateMilestone(const kmhub::v1::UpdateMilestoneRequest& request, kmhub::v1::Milestone* out) {
  return Call(projects_.get(), &PS::UpdateMilestone, request, out, !request.milestone().etag().empty());
}
grpc::Status KmhubClient::DeleteMilestone(const std::string& name) {
  kmhub::v1::DeleteMilestoneRequest request;
  request.set_name(name);
  google::protobuf::Empty empty;
  return Call(projects_.get(), &PS::DeleteMilestone, request, &empty, true);
}
grpc::Status KmhubClient::CreateStatusUpdate(kmhub::v1::CreateStatusUpdateRequest request,
                                             kmhub::v1::StatusUpdate* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(projects_.get(), &PS::CreateStatusUpdate, request, out, true);
}
grpc::Status KmhubClient::ListStatusUpdates(const kmhub::v1::ListStatusUpdatesRequest& request,
                                            kmhub::v1::ListStatusUpdatesResponse* out) {
  return Call(projects_.get(), &PS::ListStatusUpdates, request, out, true);
}
grpc::Status KmhubClient::ImportPlan(kmhub::v1::ImportPlanRequest request, kmhub::v1::ImportPlanResponse* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  // Re-importing a plan matches the milestones it wrote, so a retry changes nothing twice.
  return Call(projects_.get(), &PS::ImportPlan, request, out, true);
}
grpc::Status KmhubClient::GetProjectStatus(const kmhub::v1::GetProjectStatusRequest& request,
                                           kmhub::v1::ProjectStatus* out) {
  return Call(projects_.get(), &PS::GetProjectStatus, request, out, true);
}
grpc::Status KmhubClient::GetPortfolio(const kmhub::v1::GetPortfolioRequest& request, kmhub::v1::Portfolio* out) {
  return Call(projects_.get(), &PS::GetPortfolio, request, out, true);
}

// --- tokens and audit ---
grpc::Status KmhubClient::CreateToken(const kmhub::v1::CreateTokenRequest& request,
                                      kmhub::v1::CreateTokenResponse* out) {
  // Not retried: a lost answer would leave a token nobody saw; the caller creates another.
  return Call(tokens_.get(), &kmhub::v1::TokenService::Stub::CreateToken, request, out, false);
}
grpc::Status KmhubClient::ListTokens(const kmhub::v1::ListTokensRequest& request, kmhub::v1::ListTokensResponse* out) {
  return Call(tokens_.get(), &kmhub::v1::TokenService::Stub::ListTokens, request, out, true);
}
grpc::Status KmhubClient::RevokeToken(const std::string& name, kmhub::v1::Token* out) {
  kmhub::v1::RevokeTokenRequest request;
  request.set_name(name);
  return Call(tokens_.get(), &kmhub::v1::TokenService::Stub::RevokeToken, request, out, true);
}
grpc::Status KmhubClient::GetCaller(kmhub::v1::Caller* out) {
  return Call(tokens_.get(), &kmhub::v1::TokenService::Stub::GetCaller, kmhub::v1::GetCallerRequest(), out, true);
}
grpc::Status KmhubClient::ListAuditEvents(const kmhub::v1::ListAuditEventsRequest& request,
                                          kmhub::v1::ListAuditEventsResponse* out) {
  return Call(audit_.get(), &kmhub::v1::AuditService::Stub::ListAuditEvents, request, out, true);
}

// --- activity ---
grpc::Status KmhubClient::ComputeProjectRoi(const kmhub::v1::ComputeProjectRoiRequest& request,
                                            kmhub::v1::ProjectRoi* out) {
  return Call(activity_.get(), &kmhub::v1::ActivityService::Stub::ComputeProjectRoi, request, out, true);
}

grpc::Status KmhubClient::RankProjectRoi(const kmhub::v1::RankProjectRoiRequest& request,
                                         kmhub::v1::RankProjectRoiResponse* out) {
  return Call(activity_.get(), &kmhub::v1::ActivityService::Stub::RankProjectRoi, request, out, true);
}

grpc::Status KmhubClient::ListActivity(const kmhub::v1::ListActivityRequest& request,
                                       kmhub::v1::ListActivityResponse* out) {
  return Call(activity_.get(), &kmhub::v1::ActivityService::Stub::ListActivity, request, out, true);
}

grpc::Status KmhubClient::ListProcedures(const kmhub::v1::ListProceduresRequest& request,
                                         kmhub::v1::ListProceduresResponse* out) {
  return Call(activity_.get(), &kmhub::v1::ActivityService::Stub::ListProcedures, request, out, true);
}

grpc::Status KmhubClient::ImportProcedures(const kmhub::v1::ImportProceduresRequest& request,
                                           kmhub::v1::ImportProceduresResponse* out) {
  // Re-importing replaces the same codes and tariffs: safe to retry.
  return Call(activity_.get(), &kmhub::v1::ActivityService::Stub::ImportProcedures, request, out, true);
}

// Sends `in` in 1 MiB chunks on a client stream; make_chunk(first, bytes) builds each message.
// Not retried: the stream cannot be replayed (the imports themselves are safe to run again).
template <typename Chunk, typename Response, typename OpenStream, typename MakeChunk>
grpc::Status KmhubClient::Upload(const std::vector<std::istream*>& files, OpenStream open, MakeChunk make_chunk,
                                 const std::function<void(std::size_t)>& progress, Response* out) {
  constexpr std::size_t kChunk = 1 << 20;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options_.deadline);
  if (!options_.token.empty()) context.AddMetadata("authorization", "Bearer " + options_.token);
  context.AddMetadata("x-request-id", NewRequestId());
  auto writer = open(&context, out);
  std::string buffer(kChunk, '\0');
  std::size_t sent = 0;
  bool first = true, open_stream = true;
  for (std::size_t file = 0; file < files.size() && open_stream; ++file) {
    auto& in = *files[file];
    // Each file's first chunk is sent even when the file is empty, so that it is named.
    for (bool file_start = true; open_stream && (in || file_start); file_start = false) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0 && !file_start) break;
      Chunk chunk = make_chunk(first, file_start ? file : kNoFileStart, buffer.substr(0, n));
      first = false;
      open_stream = writer->Write(chunk);  // false: the server has answered already; Finish says why
      sent += n;
      if (progress) progress(sent);
    }
  }
  writer->WritesDone();
  return writer->Finish();
}

grpc::Status KmhubClient::ImportActivity(const kmhub::v1::ImportActivityChunk& header, std::istream& csv,
                                         const std::function<void(std::size_t)>& progress,
                                         kmhub::v1::ImportActivityResponse* out) {
  return Upload<kmhub::v1::ImportActivityChunk>(
      {&csv}, [this](grpc::ClientContext* c, kmhub::v1::ImportActivityResponse* r) { return activity_->ImportActivity(c, r); },
      [&header](bool first, std::size_t, std::string data) {
        kmhub::v1::ImportActivityChunk chunk;
        if (first) chunk = header;
        chunk.set_csv_data(std::move(data));
        return chunk;
      },
      progress, out);
}

grpc::Status KmhubClient::ImportSurveyResponses(const kmhub::v1::ImportSurveyResponsesChunk& header, std::istream& file,
                                                const std::function<void(std::size_t)>& progress,
                                                kmhub::v1::SurveyImport* out) {
  return Upload<kmhub::v1::ImportSurveyResponsesChunk>(
      {&file}, [this](grpc::ClientContext* c, kmhub::v1::SurveyImport* r) { return surveys_->ImportSurveyResponses(c, r); },
      [&header](bool first, std::size_t, std::string data) {
        kmhub::v1::ImportSurveyResponsesChunk chunk;
        if (first) chunk = header;
        chunk.set_data(std::move(data));
        return chunk;
      },
      progress, out);
}

grpc::Status KmhubClient::CreateMailFolder(const kmhub::v1::CreateMailFolderRequest& request,
                                           kmhub::v1::MailFolder* out) {
  // A retry after a lost answer finds the folder made: ALREADY_EXISTS says so.
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::CreateMailFolder, request, out, true);
}

grpc::Status KmhubClient::ListMailFolders(kmhub::v1::ListMailFoldersResponse* out) {
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::ListMailFolders, kmhub::v1::ListMailFoldersRequest(), out,
              true);
}

grpc::Status KmhubClient::ImportMail(const kmhub::v1::ImportMailChunk& header, const std::vector<MailFile>& files,
                                     const std::function<void(std::size_t)>& progress,
                                     kmhub::v1::ImportMailResponse* out) {
  std::vector<std::istream*> streams;
  for (const auto& f : files) streams.push_back(f.data);
  return Upload<kmhub::v1::ImportMailChunk>(
      streams, [this](grpc::ClientContext* c, kmhub::v1::ImportMailResponse* r) { return mail_->ImportMail(c, r); },
      [&header, &files](bool first, std::size_t file_start, std::string data) {
        kmhub::v1::ImportMailChunk chunk;
        if (first) chunk = header;
        if (file_start != kNoFileStart) chunk.set_file_name(files[file_start].name);
        chunk.set_data(std::move(data));
        return chunk;
      },
      progress, out);
}

grpc::Status KmhubClient::ListMailImports(const kmhub::v1::ListMailImportsRequest& request,
                                          kmhub::v1::ListMailImportsResponse* out) {
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::ListMailImports, request, out, true);
}

grpc::Status KmhubClient::UndoMailImport(const std::string& name, kmhub::v1::MailImport* out) {
  kmhub::v1::UndoMailImportRequest request;
  request.set_name(name);
  // A retry after a lost answer finds it undone: ALREADY_UNDONE says so.
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::UndoMailImport, request, out, true);
}

grpc::Status KmhubClient::ListMailThreads(const kmhub::v1::ListMailThreadsRequest& request,
                                          kmhub::v1::ListMailThreadsResponse* out) {
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::ListMailThreads, request, out, true);
}

grpc::Status KmhubClient::GetMailThread(const std::string& name, kmhub::v1::MailThread* out) {
  kmhub::v1::GetMailThreadRequest request;
  request.set_name(name);
  return Call(mail_.get(), &kmhub::v1::MailService::Stub::GetMailThread, request, out, true);
}

grpc::Status KmhubClient::ListSurveys(kmhub::v1::ListSurveysResponse* out) {
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::ListSurveys, kmhub::v1::ListSurveysRequest(), out, true);
}

grpc::Status KmhubClient::GetSurvey(const std::string& name, kmhub::v1::Survey* out) {
  kmhub::v1::GetSurveyRequest request;
  request.set_name(name);
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::GetSurvey, request, out, true);
}

grpc::Status KmhubClient::CreateSurvey(const kmhub::v1::CreateSurveyRequest& request, kmhub::v1::Survey* out) {
  // A retry after a lost answer finds the survey made: ALREADY_EXISTS says so.
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::CreateSurvey, request, out, true);
}

grpc::Status KmhubClient::CreateSurveyWave(const kmhub::v1::CreateSurveyWaveRequest& request, kmhub::v1::SurveyWave* out) {
  // A retry after a lost answer finds the wave made: ALREADY_EXISTS says so.
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::CreateSurveyWave, request, out, true);
}

grpc::Status KmhubClient::ListSurveyImports(const kmhub::v1::ListSurveyImportsRequest& request,
                                            kmhub::v1::ListSurveyImportsResponse* out) {
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::ListSurveyImports, request, out, true);
}

grpc::Status KmhubClient::UndoSurveyImport(const std::string& name, kmhub::v1::SurveyImport* out) {
  kmhub::v1::UndoSurveyImportRequest request;
  request.set_name(name);
  // Not retried: a second undo after a lost answer would take out the import before it.
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::UndoSurveyImport, request, out, false);
}

grpc::Status KmhubClient::GetSurveyResults(const kmhub::v1::GetSurveyResultsRequest& request,
                                           kmhub::v1::SurveyResults* out) {
  return Call(surveys_.get(), &kmhub::v1::SurveyService::Stub::GetSurveyResults, request, out, true);
}

// --- project contributors ---
grpc::Status KmhubClient::ListProjectContributors(const std::string& project,
                                                  kmhub::v1::ListProjectContributorsResponse* out) {
  kmhub::v1::ListProjectContributorsRequest request;
  request.set_name(project);
  return Call(projects_.get(), &kmhub::v1::ProjectService::Stub::ListProjectContributors, request, out, true);
}

// --- forums ---
using FS = kmhub::v1::ForumService::Stub;

grpc::Status KmhubClient::ListForumCategories(kmhub::v1::ListForumCategoriesResponse* out) {
  return Call(forums_.get(), &FS::ListForumCategories, kmhub::v1::ListForumCategoriesRequest(), out, true);
}
grpc::Status KmhubClient::CreateForumCategory(const kmhub::v1::CreateForumCategoryRequest& request,
                                              kmhub::v1::ForumCategory* out) {
  // A second attempt after a lost reply would find the category made: ALREADY_EXISTS says so.
  return Call(forums_.get(), &FS::CreateForumCategory, request, out, false);
}
grpc::Status KmhubClient::CreateForumThread(kmhub::v1::CreateForumThreadRequest request, kmhub::v1::ForumThread* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(forums_.get(), &FS::CreateForumThread, request, out, true);
}
grpc::Status KmhubClient::GetForumThread(const std::string& name, kmhub::v1::ForumThread* out) {
  kmhub::v1::GetForumThreadRequest request;
  request.set_name(name);
  return Call(forums_.get(), &FS::GetForumThread, request, out, true);
}
grpc::Status KmhubClient::ListForumThreads(const kmhub::v1::ListForumThreadsRequest& request,
                                           kmhub::v1::ListForumThreadsResponse* out) {
  return Call(forums_.get(), &FS::ListForumThreads, request, out, true);
}
grpc::Status KmhubClient::CreateForumPost(kmhub::v1::CreateForumPostRequest request, kmhub::v1::ForumPost* out) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return Call(forums_.get(), &FS::CreateForumPost, request, out, true);
}
grpc::Status KmhubClient::ListForumPosts(const kmhub::v1::ListForumPostsRequest& request,
                                         kmhub::v1::ListForumPostsResponse* out) {
  return Call(forums_.get(), &FS::ListForumPosts, request, out, true);
}
grpc::Status KmhubClient::UpdateForumPost(const kmhub::v1::UpdateForumPostRequest& request, kmhub::v1::ForumPost* out) {
  // Setting the same body twice leaves the same post.
  return Call(forums_.get(), &FS::UpdateForumPost, request, out, true);
}
grpc::Status KmhubClient::AcceptForumAnswer(const kmhub::v1::AcceptForumAnswerRequest& request,
                                            kmhub::v1::ForumThread* out) {
  return Call(forums_.get(), &FS::AcceptForumAnswer, request, out, true);
}
grpc::Status KmhubClient::LockForumThread(const kmhub::v1::LockForumThreadRequest& request,
                                          kmhub::v1::ForumThread* out) {
  return Call(forums_.get(), &FS::LockForumThread, request, out, true);
}
grpc::Status KmhubClient::SearchForum(const kmhub::v1::SearchForumRequest& request,
                                      kmhub::v1::SearchForumResponse* out) {
  return Call(forums_.get(), &FS::SearchForum, request, out, true);
}

ForumWatchStream::ForumWatchStream(const std::shared_ptr<grpc::Channel>& channel, const ClientOptions& options,
                                   const kmhub::v1::WatchForumRequest& request, std::chrono::milliseconds max_duration)
    : stub_(kmhub::v1::ForumService::NewStub(channel)) {
  context_.set_deadline(std::chrono::system_clock::now() + max_duration);
  if (!options.token.empty()) context_.AddMetadata("authorization", "Bearer " + options.token);
  context_.AddMetadata("x-request-id", NewRequestId());
  reader_ = stub_->WatchForum(&context_, request);
}

std::unique_ptr<ForumWatchStream> KmhubClient::WatchForum(const kmhub::v1::WatchForumRequest& request,
                                                          std::chrono::milliseconds max_duration) {
  return std::make_unique<ForumWatchStream>(channel_, options_, request, max_duration);
}

}  // namespace kmhub::client
