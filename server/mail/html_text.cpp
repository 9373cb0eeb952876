#include "server/mail/html_text.h"

#include <libxml/HTMLparser.h>

#include <cstring>
#include <memory>

namespace kmhub::domain {

namespace {

bool Named(const xmlNode* node, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>(n)) == 0) return true;
  return false;
}

void AppendText(std::string& out, const char* text) {
  // Whitespace in HTML text is one space.
  for (const char* p = text; *p; ++p) {
    const bool space = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += *p;
    }
  }
}

void LineBreak(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

void Walk(const xmlNode* node, std::string& out) {
  for (; node; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content) AppendText(out, reinterpret_cast<const char*>(node->content));
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    if (Named(node, {"script", "style", "head", "title"})) continue;
    if (Named(node, {"br"})) {
      LineBreak(out);
      if (out.empty() || out.back() != '\n') out += '\n';
      continue;
    }
    const bool block = Named(node, {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                                    "table", "ul", "ol", "hr"});
    if (block) LineBreak(out);
    if (Named(node, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}) && !out.empty()) out += '\n';
    if (Named(node, {"li"})) out += "- ";
    const std::size_t before = out.size();
    Walk(node->children, out);
    if (Named(node, {"a"})) {
      xmlChar* href = xmlGetProp(node, reinterpret_cast<const xmlChar*>("href"));
      if (href) {
        const std::string target(reinterpret_cast<const char*>(href));
        xmlFree(href);
        const std::string shown = out.substr(before);
        if (!target.empty() && target.rfind("mailto:", 0) != 0 && target.rfind("data:", 0) != 0 &&
            shown.find(target) == std::string::npos)
          out += " <" + target + ">";
      }
    }
    if (Named(node, {"td", "th"})) out += ' ';
    if (block) LineBreak(out);
  }
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return "";
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options), xmlFreeDoc);
  if (!doc) return "";
  std::string out;
  Walk(xmlDocGetRootElement(doc.get()), out);
  // Collapse runs of blank lines to one, and trim.
  std::string text;
  int newlines = 0;
  for (char c : out) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    text += c;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::size_t first = 0;
  while (first < text.size() && (text[first] == '\n' || text[first] == ' ')) ++first;
  return text.substr(first);
}

}  // namespace kmhub::domain
