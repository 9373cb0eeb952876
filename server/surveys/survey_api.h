#pragma once

#include <memory>

#include "kmhub/v1/survey.grpc.pb.h"
#include "server/platform/rpc/authorizer.h"
#include "server/partners/organisation_store.h"
#include "server/surveys/survey_store.h"

namespace kmhub::api {

class SurveyApi final : public kmhub::v1::SurveyService::Service {
 public:
  SurveyApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_import_rows)
      : auth_(auth), surveys_(db), organisations_(db), max_import_rows_(max_import_rows) {}

  grpc::Status ListSurveys(grpc::ServerContext* ctx, const kmhub::v1::ListSurveysRequest* req,
                           kmhub::v1::ListSurveysResponse* out) override;
  grpc::Status GetSurvey(grpc::ServerContext* ctx, const kmhub::v1::GetSurveyRequest* req,
                         kmhub::v1::Survey* out) override;
  grpc::Status CreateSurvey(grpc::ServerContext* ctx, const kmhub::v1::CreateSurveyRequest* req,
                            kmhub::v1::Survey* out) override;
  grpc::Status CreateSurveyWave(grpc::ServerContext* ctx, const kmhub::v1::CreateSurveyWaveRequest* req,
                                kmhub::v1::SurveyWave* out) override;
  grpc::Status ImportSurveyResponses(grpc::ServerContext* ctx,
                                     grpc::ServerReader<kmhub::v1::ImportSurveyResponsesChunk>* reader,
                                     kmhub::v1::SurveyImport* out) override;
  grpc::Status ListSurveyImports(grpc::ServerContext* ctx, const kmhub::v1::ListSurveyImportsRequest* req,
                                 kmhub::v1::ListSurveyImportsResponse* out) override;
  grpc::Status UndoSurveyImport(grpc::ServerContext* ctx, const kmhub::v1::UndoSurveyImportRequest* req,
                                kmhub::v1::SurveyImport* out) override;
  grpc::Status GetSurveyResults(grpc::ServerContext* ctx, const kmhub::v1::GetSurveyResultsRequest* req,
                                kmhub::v1::SurveyResults* out) override;

 private:
  Authorizer& auth_;
  store::SurveyStore surveys_;
  store::OrganisationStore organisations_;
  int max_import_rows_;
};

}  // namespace kmhub::api
