#pragma once
// Store-internal: rows written kBatch to a statement ("INSERT … VALUES (…), (…), …"). One
// statement per row costs a round trip on PostgreSQL and most of an import's time on SQLite;
// a hundred rows a statement keep both well under the databases' limits on bound values.

#include <soci/soci.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kmhub::store {

class BatchInsert {
 public:
  static constexpr std::size_t kBatch = 100;
  enum class Kind { kInt, kText };

  // `head`: "INSERT INTO t (a, b, c)"; `tail`: what follows the values (an ON CONFLICT clause,
  // or ""); `kinds`: one per column.
  BatchInsert(soci::session& s, std::string head, std::string tail, std::vector<Kind> kinds);
  ~BatchInsert();

  // The next row's values, by column: set every column of the row, then call EndRow.
  void Int(std::size_t column, long long value);
  void Null(std::size_t column);
  void Text(std::size_t column, std::string value);
  void EndRow();  // writes a full batch
  void Flush();   // writes what is left

 private:
  struct Statement;
  Statement& Prepared(std::size_t rows);

  soci::session& s_;
  std::string head_, tail_;
  std::vector<Kind> kinds_;
  std::size_t rows_ = 0;  // rows pending in the buffers
  std::vector<long long> ints_;
  std::vector<std::string> texts_;
  std::vector<soci::indicator> indicators_;
  std::unique_ptr<Statement> full_;
};

}  // namespace kmhub::store
