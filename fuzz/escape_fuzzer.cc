// Fuzz target: arbitrary bytes as every kind of model string (graph, node, op, tensor,
// scope and attribute names) through the escaping in core/text.h and into DOT and
// SVG. A name must never end a quoted string, open a tag or add a statement.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/layer_graph.h"
#include "core/text.h"
#include "fuzz/fuzz_checks.h"
#include "fuzz/fuzz_render.h"

namespace {

using graphgen::fuzz::Fail;

void CheckXmlEscape(std::string_view in) {
  const std::string out = graphgen::XmlEscape(in);
  if (graphgen::FindInvalidUtf8(out) != std::string::npos) Fail("XmlEscape: not UTF-8");
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '<' || c == '>' || c == '"' || c == '\'') Fail("XmlEscape left markup");
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') Fail("XmlEscape left a control byte");
    // U+FFFE / U+FFFF are outside XML's Char production; C1 controls (U+0080..U+009F,
    // UTF-8 C2 80..C2 9F) reach terminals as CSI and friends.
    if (out.compare(i, 3, "\xEF\xBF\xBE") == 0 || out.compare(i, 3, "\xEF\xBF\xBF") == 0) {
      Fail("XmlEscape left U+FFFE or U+FFFF");
    }
    if (c == '\xC2' && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) < 0xA0) {
      Fail("XmlEscape left a C1 control");
    }
    if (c == '&') {
      const size_t semi = out.find(';', i);
      if (semi == std::string::npos || semi - i > 5) Fail("XmlEscape left a bare '&'");
    }
  }
}

void CheckDotEscape(std::string_view in) {
  const std::string out = graphgen::DotEscape(in);
  if (graphgen::FindInvalidUtf8(out) != std::string::npos) Fail("DotEscape: not UTF-8");
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '"' || c == '\n' || c == '\r') Fail("DotEscape left a quote or newline");
    if (c == '\\') {
      // Only \\, \" and \n: never \N, \G, \L or a backslash before the closing quote.
      if (i + 1 >= out.size() || (out[i + 1] != '\\' && out[i + 1] != '"' && out[i + 1] != 'n')) {
        Fail("DotEscape left a lone backslash");
      }
      ++i;
    }
  }
}

void CheckQuote(std::string_view in) {
  const std::string out = graphgen::Quote(in, 40);
  if (out.find('\n') != std::string::npos) Fail("Quote left a newline");
  if (graphgen::FindInvalidUtf8(out) != std::string::npos) Fail("Quote: not UTF-8");
  if (out.size() > 40 + 3) Fail("Quote did not clip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  CheckXmlEscape(s);
  CheckDotEscape(s);
  CheckQuote(s);
  if (graphgen::FindInvalidUtf8(graphgen::SanitizeUtf8(s)) != std::string::npos) {
    Fail("SanitizeUtf8 left invalid UTF-8");
  }

  // The name in every place a model string reaches a drawing. Importers reject invalid
  // UTF-8 names, but the drawing must not depend on that.
  const std::string name(s);
  graphgen::LayerGraph g;
  g.graph_name = name;
  g.producer = name;
  const int scope = g.ChildScope(0, name, graphgen::ScopeKind::kModule);
  g.scopes[scope].path = name;
  graphgen::Node in;
  in.kind = graphgen::NodeKind::kInput;
  in.name = name;
  in.op_type = "Input";
  in.scope = scope;
  g.AddNode(in);
  graphgen::Node op;
  op.name = name + "/" + name;
  op.op_type = name;
  op.domain = name;
  op.activation = name;
  op.scope = scope;
  op.params = 3;
  op.attributes.push_back({name, name});
  g.AddNode(op);
  graphgen::Node out;
  out.kind = graphgen::NodeKind::kOutput;
  out.name = name;
  out.op_type = "Output";
  g.AddNode(out);
  const int t0 = g.AddTensor(name);
  g.tensors[t0].producer = 0;
  g.tensors[t0].type.rank_known = true;
  g.tensors[t0].type.dims.push_back(graphgen::Dim{-1, name});
  g.nodes[0].outputs.push_back(t0);
  g.Connect(t0, 1);
  const int t1 = g.AddTensor(name + ":1");
  g.tensors[t1].producer = 1;
  g.nodes[1].outputs.push_back(t1);
  g.Connect(t1, 2);
  graphgen::fuzz::RenderAndCheck(g, graphgen::fuzz::ShowEverything(),
                                 graphgen::fuzz::FuzzLayout::kGrid);
  return 0;
}
