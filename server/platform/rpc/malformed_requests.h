#pragma once
// A request that does not parse (most often a string field that is not UTF-8, which proto3
// refuses) is INVALID_ARGUMENT naming the field, not gRPC's INTERNAL with an empty message.
//
// gRPC parses the request before any handler runs and says only that parsing failed; protobuf
// says which field, in a log message, on the thread that parsed. So a log handler keeps the
// field named by the last such message on each thread (and passes every message on), and an
// interceptor, which sees on that same thread that the request did not parse, turns the status
// the server is about to send into INVALID_ARGUMENT with that field. Calls served with the async
// API (CreateForumPost) parse their own requests and use MalformedRequestStatus directly.

#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <optional>
#include <string>

namespace kmhub::api {

// Installs the log handler (once; later calls do nothing). Before the server starts.
void WatchForMalformedStrings();

// The INVALID_ARGUMENT status for a request that did not parse on this thread: names the field
// protobuf named ("Organisation.display_name"), if it named one, and forgets it.
grpc::Status MalformedRequestStatus();

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeMalformedRequestInterceptorFactory();

// For a call that takes its request as bytes: parses it into `request` on this thread, or
// returns the status to end the call with.
template <class Request>
std::optional<grpc::Status> ParseRequest(grpc::ByteBuffer& bytes, Request* request) {
  if (grpc::SerializationTraits<Request>::Deserialize(&bytes, request).ok()) return std::nullopt;
  return MalformedRequestStatus();
}

}  // namespace kmhub::api
