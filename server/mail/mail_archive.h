#pragma once
// Mail archives as people have them, split into raw messages before MIME parsing (README.md,
// "Archives"): mbox in its variants and single .eml files. Pure: bytes in, messages out.
//
// mbox: a message starts at a "From " line at the start of the file or after an empty line, when
// the next line is a header field — so "From -", git's "From <sha> <date>", Gmail Takeout's
// "From 1234…@xxx" and mutt's "From addr date" all split, and a body paragraph that begins with
// "From " does not. Content-Length (mboxcl) is honoured when the byte count lands on the end of the
// file or on the next separator. Lines quoted with '>' before "From " lose one '>' (mboxrd; in
// mboxo files this restores the line as it was written). A leading UTF-8 BOM is skipped.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kmhub::domain {

struct RawMessage {
  std::size_t offset = 0;  // byte offset of the message (its separator line) in the file
  int number = 0;          // 1-based position in the file
  std::string bytes;       // the message as written, without the separator line, un-quoted
};

enum class ArchiveKind { kMbox, kSingleMessage };

// An archive is an mbox when its first line (after any BOM) is a "From " separator; otherwise it
// is taken as one message (.eml, a Maildir file).
ArchiveKind DetectArchiveKind(std::string_view data);

// Splits an mbox. Text before the first separator is not a message and is left out.
std::vector<RawMessage> SplitMbox(std::string_view data);

// The archive's messages, whichever kind it is.
std::vector<RawMessage> SplitArchive(std::string_view data);

// Writes messages as mboxrd: a "From " separator each, and any line of '>'* "From " quoted with
// one more '>', so that SplitMbox gives the same bytes back. `envelope_sender` and
// `envelope_date` ("Mon Sep 17 00:00:00 2001" form) fill the separator.
std::string WriteMboxrdMessage(std::string_view message, std::string_view envelope_sender,
                               std::string_view envelope_date);

}  // namespace kmhub::domain
