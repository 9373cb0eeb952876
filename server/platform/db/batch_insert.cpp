#include "server/platform/db/batch_insert.h"

namespace kmhub::store {

// A statement for `rows` rows, bound to the writer's buffers (so it must not outlive them).
struct BatchInsert::Statement {
  Statement(BatchInsert& w, std::size_t rows) : st(w.s_) {
    std::string sql = w.head_ + " VALUES ";
    const std::size_t columns = w.kinds_.size();
    int n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < columns; ++c) {
        sql += (c ? ", :v" : ":v") + std::to_string(n++);
        const std::size_t at = r * columns + c;
        if (w.kinds_[c] == Kind::kInt)
          st.exchange(soci::use(w.ints_[at], w.indicators_[at]));
        else
          st.exchange(soci::use(w.texts_[at], w.indicators_[at]));
      }
      sql += ")";
    }
    if (!w.tail_.empty()) sql += " " + w.tail_;
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
  }
  soci::statement st;
};

BatchInsert::BatchInsert(soci::session& s, std::string head, std::string tail, std::vector<Kind> kinds)
    : s_(s), head_(std::move(head)), tail_(std::move(tail)), kinds_(std::move(kinds)) {
  const std::size_t values = kBatch * kinds_.size();
  ints_.resize(values);
  texts_.resize(values);
  indicators_.resize(values, soci::i_ok);
}

BatchInsert::~BatchInsert() = default;

void BatchInsert::Int(std::size_t column, long long value) {
  const std::size_t at = rows_ * kinds_.size() + column;
  ints_[at] = value;
  indicators_[at] = soci::i_ok;
}

void BatchInsert::Null(std::size_t column) {
  indicators_[rows_ * kinds_.size() + column] = soci::i_null;
}

void BatchInsert::Text(std::size_t column, std::string value) {
  const std::size_t at = rows_ * kinds_.size() + column;
  texts_[at] = std::move(value);
  indicators_[at] = soci::i_ok;
}

void BatchInsert::EndRow() {
  if (++rows_ < kBatch) return;
  if (!full_) full_ = std::make_unique<Statement>(*this, kBatch);
  full_->st.execute(true);
  rows_ = 0;
}

void BatchInsert::Flush() {
  if (rows_ == 0) return;
  Statement rest(*this, rows_);
  rest.st.execute(true);
  rows_ = 0;
}

}  // namespace kmhub::store
