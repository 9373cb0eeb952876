#pragma once
// A file uploaded as a client stream of chunks (ImportActivity, ImportSurveyResponses): the
// first chunk carries the options, every chunk a piece of the file. Read whole, up to a size
// that `max_rows` rows of the file's kind can take, so that a huge upload is refused while it
// streams in rather than after it has filled the server's memory.

#include <grpcpp/grpcpp.h>

#include <string>

#include "server/platform/rules/import_file.h"
#include "shared/error.h"

namespace kmhub::api {

template <typename Chunk>
struct Upload {
  Chunk options;  // the first chunk, its piece of the file cleared
  std::string data;
};

// `data_of(chunk)` is the chunk's piece of the file, `clear(chunk)` clears it. IMPORT_TOO_LARGE
// past `max_rows` × `bytes_per_row` + `slack` bytes.
template <typename Chunk, typename DataOf, typename Clear>
Expected<Upload<Chunk>> ReadUpload(grpc::ServerReaderInterface<Chunk>* reader, std::size_t max_rows,
                                   std::size_t bytes_per_row, std::size_t slack, std::string_view units,
                                   const std::string& field, DataOf data_of, Clear clear) {
  Upload<Chunk> upload;
  const std::size_t max_bytes = max_rows * bytes_per_row + slack;
  Chunk chunk;
  bool first = true;
  while (reader->Read(&chunk)) {
    upload.data += data_of(chunk);
    if (first) {
      upload.options = chunk;
      clear(upload.options);
      first = false;
    }
    if (upload.data.size() > max_bytes) return domain::ImportTooLarge(max_rows, units, field);
  }
  return upload;
}

}  // namespace kmhub::api
