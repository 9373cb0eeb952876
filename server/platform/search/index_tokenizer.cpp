#include "server/platform/search/index_tokenizer.h"

#include "server/platform/search/fts5_api.h"

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

struct IndexTokenizer::Impl {
  fts5_tokenizer methods{};
  Fts5Tokenizer* tokenizer = nullptr;
};

namespace {

int AddToken(void* out, int /*flags*/, const char* token, int size, int begin, int end) {
  static_cast<std::vector<IndexToken>*>(out)->push_back(
      {std::string(token, static_cast<std::size_t>(size)), static_cast<std::size_t>(begin),
       static_cast<std::size_t>(end)});
  return SQLITE_OK;
}

}  // namespace

IndexTokenizer::IndexTokenizer(soci::session& s) : impl_(std::make_unique<Impl>()) {
  fts5_api* api = Fts5ApiOf(s);
  if (!api) throw soci::soci_error("this SQLite has no full-text search (FTS5)");
  void* user_data = nullptr;
  // The index is declared tokenize='porter unicode61': porter wrapping unicode61.
  const char* wrapped[] = {"unicode61"};
  if (api->xFindTokenizer(api, "porter", &user_data, &impl_->methods) != SQLITE_OK ||
      impl_->methods.xCreate(user_data, wrapped, 1, &impl_->tokenizer) != SQLITE_OK)
    throw soci::soci_error("SQLite's full-text search has no porter tokenizer");
}

IndexTokenizer::~IndexTokenizer() {
  if (impl_->tokenizer) impl_->methods.xDelete(impl_->tokenizer);
}

std::vector<IndexToken> IndexTokenizer::Tokenize(std::string_view text, int flags) const {
  std::vector<IndexToken> tokens;
  impl_->methods.xTokenize(impl_->tokenizer, &tokens, flags, text.data(), static_cast<int>(text.size()), AddToken);
  return tokens;
}

std::vector<IndexToken> IndexTokenizer::Document(std::string_view text) const {
  return Tokenize(text, FTS5_TOKENIZE_DOCUMENT);
}

std::vector<IndexToken> IndexTokenizer::Query(std::string_view text) const { return Tokenize(text, FTS5_TOKENIZE_QUERY); }

}  // namespace kmhub::store
