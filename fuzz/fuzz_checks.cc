#include "fuzz/fuzz_checks.h"

#include <graphviz/cgraph.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/text.h"

namespace graphgen {
namespace fuzz {
namespace {

bool StartsWith(std::string_view s, size_t at, std::string_view prefix) {
  return s.substr(at, prefix.size()) == prefix;
}

// The elements graphgen's SVG renderer writes, opening and closing.
constexpr const char* kKnownTags[] = {
    "<?xml ",
    "<svg ",
    "</svg>",
    "<title>",
    "</title>",
    "<metadata>",
    "</metadata>",
    "<graphgen:provenance ",
    "</graphgen:provenance>",
    "<graphgen:value ",
    "</graphgen:value>",
    "<rect ",
    "<path ",
    "<polygon ",
    "<text ",
    "</text>",
    "<g ",
    "</g>",
};

constexpr const char* kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#10;"};

// Every line of a text output stays this short (issue 23: Graphviz 2.43 drew nothing once
// a line passed ~16 KB); the writers wrap long strings at 200 bytes.
constexpr size_t kMaxLineBytes = 1024;

}  // namespace

void Fail(const std::string& what) {
  std::fprintf(stderr, "FUZZ CONTRACT BROKEN: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void CheckImportError(const Status& status) {
  if (status.code() != StatusCode::kBadInput && status.code() != StatusCode::kLimitExceeded) {
    Fail("import returned code " + std::to_string(static_cast<int>(status.code())) + ": " +
         status.message());
  }
  const std::string& m = status.message();
  if (m.empty()) Fail("import error with an empty message");
  if (m.find('\n') != std::string::npos || m.find('\r') != std::string::npos) {
    Fail("import error is not one line: " + m);
  }
  if (FindInvalidUtf8(m) != std::string::npos) Fail("import error is not UTF-8");
  if (m.size() > 4096) Fail("import error longer than 4 KiB: " + m.substr(0, 200));
  if (status.code() == StatusCode::kLimitExceeded &&
      m.find("(raise it with --") == std::string::npos) {
    Fail("limit error names no flag: " + m);
  }
}

void CheckGraph(const LayerGraph& g) {
  const int nodes = static_cast<int>(g.nodes.size());
  const int tensors = static_cast<int>(g.tensors.size());
  const int scopes = static_cast<int>(g.scopes.size());
  if (scopes < 1) Fail("graph without a root scope");
  for (int s = 1; s < scopes; ++s) {
    const int p = g.scopes[s].parent;
    if (p < 0 || p >= s) Fail("scope " + std::to_string(s) + " has parent " + std::to_string(p));
    const int owner = g.scopes[s].owner_node;
    if (owner < -1 || owner >= nodes) Fail("scope owner out of range");
  }
  for (int n = 0; n < nodes; ++n) {
    const Node& node = g.nodes[n];
    if (node.scope < 0 || node.scope >= scopes) Fail("node scope out of range");
    for (int t : node.inputs) {
      if (t < 0 || t >= tensors) Fail("node input out of range");
    }
    for (int t : node.outputs) {
      if (t < 0 || t >= tensors) Fail("node output out of range");
    }
    if (node.params < 0) Fail("negative parameter count");
    if (FindInvalidUtf8(node.name) != std::string::npos ||
        FindInvalidUtf8(node.op_type) != std::string::npos) {
      Fail("a node name or op type reached the graph as invalid UTF-8");
    }
  }
  for (const Tensor& t : g.tensors) {
    if (t.producer < -1 || t.producer >= nodes) Fail("tensor producer out of range");
    for (int c : t.consumers) {
      if (c < 0 || c >= nodes) Fail("tensor consumer out of range");
    }
  }
  for (const auto& [from, to] : g.nesting_edges) {
    if (from < 0 || from >= nodes || to < 0 || to >= nodes) Fail("nesting edge out of range");
  }
  for (const auto& [from, to] : g.control_edges) {
    if (from < 0 || from >= nodes || to < 0 || to >= nodes) Fail("control edge out of range");
  }
}

void CheckLineLengths(std::string_view text, const char* format) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > kMaxLineBytes) {
      Fail(std::string(format) + " has a " + std::to_string(end - start) + "-byte line at " +
           std::to_string(start));
    }
    start = end + 1;
  }
}

void CheckSvg(std::string_view svg) {
  CheckLineLengths(svg, "SVG");
  if (FindInvalidUtf8(svg) != std::string_view::npos) Fail("SVG is not valid UTF-8");
  if (!StartsWith(svg, 0, "<?xml ")) Fail("SVG does not start with the XML declaration");
  int depth = 0;
  bool in_tag = false;
  char quote = 0;
  for (size_t i = 0; i < svg.size(); ++i) {
    const char c = svg[i];
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\t') Fail("control byte in SVG at " + std::to_string(i));
    if (c == '&') {
      bool known = false;
      for (const char* e : kEntities) known = known || StartsWith(svg, i, e);
      if (!known) Fail("bare '&' in SVG at " + std::to_string(i));
      continue;
    }
    if (quote != 0) {  // inside an attribute value
      if (c == quote)
        quote = 0;
      else if (c == '<')
        Fail("'<' inside an attribute value at " + std::to_string(i));
      continue;
    }
    if (in_tag) {
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        in_tag = false;  // depth was counted at the tag's '<'
      } else if (c == '<') {
        Fail("'<' inside a tag at " + std::to_string(i));
      }
      continue;
    }
    if (c == '>') Fail("bare '>' in SVG text at " + std::to_string(i));
    if (c == '<') {
      bool known = false;
      for (const char* t : kKnownTags) known = known || StartsWith(svg, i, t);
      if (!known)
        Fail("unknown markup in SVG at " + std::to_string(i) + ": " +
             std::string(svg.substr(i, 40)));
      if (svg[i + 1] == '/') --depth;
      in_tag = true;
      // Self-closing and declaration tags do not nest; others do.
      const size_t end = svg.find('>', i);
      if (end == std::string_view::npos) Fail("unterminated tag");
      if (svg[i + 1] != '/' && svg[i + 1] != '?') {
        // Find the real end of this tag, skipping quoted values.
        size_t k = i + 1;
        char q = 0;
        for (; k < svg.size(); ++k) {
          if (q) {
            if (svg[k] == q) q = 0;
          } else if (svg[k] == '"' || svg[k] == '\'') {
            q = svg[k];
          } else if (svg[k] == '>') {
            break;
          }
        }
        if (k >= svg.size()) Fail("unterminated tag");
        if (svg[k - 1] != '/') ++depth;
      }
      if (depth < 0) Fail("closing tag without an opening one");
    }
  }
  if (in_tag || quote != 0) Fail("SVG ends inside a tag");
  if (depth != 0) Fail("SVG elements do not balance: depth " + std::to_string(depth));
}

void CheckDot(const std::string& dot, size_t nodes, size_t edges) {
  CheckLineLengths(dot, "DOT");
  agseterr(AGMAX);
  Agraph_t* g = agmemread(dot.c_str());
  if (g == nullptr) Fail("graphgen's DOT does not parse: " + dot.substr(0, 300));
  const size_t got_nodes = static_cast<size_t>(agnnodes(g));
  const size_t got_edges = static_cast<size_t>(agnedges(g));
  agclose(g);
  // Edges between the same pair of nodes are kept apart in a digraph (not strict).
  if (got_nodes != nodes) {
    Fail("DOT has " + std::to_string(got_nodes) + " nodes, want " + std::to_string(nodes));
  }
  if (got_edges != edges) {
    Fail("DOT has " + std::to_string(got_edges) + " edges, want " + std::to_string(edges));
  }
}

}  // namespace fuzz
}  // namespace graphgen
