#pragma once
// HTML-only mail as readable text: libxml2's forgiving HTML parser, then the text of the tree
// with line breaks where blocks end (p, div, br, li, tr, headings), list items bulleted, links
// followed by their address when it differs from their text, script and style left out, and runs
// of blank lines collapsed.

#include <string>
#include <string_view>

namespace kmhub::domain {

// `html` in UTF-8 (the caller decodes the part's charset first).
std::string HtmlToText(std::string_view html);

}  // namespace kmhub::domain
