#include "render/html/html_page.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "render/html/sha256.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace {

// kPageJs and kPageCss: page.js and page.css as raw strings (the genrule in BUILD).
#include "render/html/page_resources.inc"

// nlohmann::ordered_json keeps insertion order, so the bytes are the same every run.
using Json = nlohmann::ordered_json;

// The head's provenance entries are named with this prefix, so no other <meta> (the
// charset, the policy) is read as provenance.
constexpr std::string_view kMetaPrefix = "graphgen:";
constexpr std::string_view kDoctype = "<!DOCTYPE html>";
// Provenance values wrap at this width, as the SVG's do.
constexpr size_t kMaxMetaLineBytes = 200;

// `escaped` without the literal newlines that wrap it.
std::string Unwrapped(std::string_view escaped) {
  std::string out;
  for (char c : escaped) {
    if (c != '\n') out += c;
  }
  return out;
}

std::string Clean(const std::string& s) { return SanitizeUtf8(s); }

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOp:
      return "op";
    case NodeKind::kInput:
      return "input";
    case NodeKind::kOutput:
      return "output";
    case NodeKind::kGroup:
      return "collapsed scope";
  }
  return "op";
}

Json TensorJson(const LayerGraph& g, int t) {
  const Tensor& tensor = g.tensors[t];
  Json a = Json::array();
  a.push_back(Clean(tensor.name));
  a.push_back(Clean(FormatShape(tensor.type)));
  a.push_back(DTypeName(tensor.type.dtype));
  return a;
}

Json OpsJson(const std::vector<FusedOp>& ops, bool with_weight) {
  Json list = Json::array();
  for (const FusedOp& op : ops) {
    Json o = Json::array();
    o.push_back(Clean(op.op_type));
    o.push_back(Clean(op.name));
    if (with_weight) o.push_back(op.weight);
    list.push_back(std::move(o));
  }
  return list;
}

// One drawn box: from the layer graph when there is one, else its tooltip.
Json NodeJson(const NodeStyle& style, const LayerGraph* g) {
  Json o;
  o["id"] = Clean(style.id);
  if (!style.category.empty()) o["cat"] = style.category;
  if (g == nullptr || style.node < 0 || static_cast<size_t>(style.node) >= g->nodes.size()) {
    o["tip"] = Clean(style.tooltip);
    return o;
  }
  const Node& node = g->nodes[style.node];
  o["name"] = Clean(node.name);
  o["op"] = Clean(node.op_type);
  o["kind"] = KindName(node.kind);
  if (!node.domain.empty()) o["domain"] = Clean(node.domain);
  if (!node.detail.empty()) o["detail"] = Clean(node.detail);
  if (node.scope > 0 && static_cast<size_t>(node.scope) < g->scopes.size()) {
    o["scope"] = Clean(g->scopes[node.scope].path);
  }
  if (node.params > 0) o["params"] = node.params;
  if (node.shared_params > 0) o["shared_params"] = node.shared_params;
  if (node.op_count > 1) o["ops"] = node.op_count;
  if (node.copies > 1) o["copies"] = node.copies;
  if (!node.activation.empty()) o["activation"] = Clean(node.activation);
  if (!node.attributes.empty()) {
    Json attrs = Json::array();
    for (const Attribute& a : node.attributes)
      attrs.push_back(Json::array({Clean(a.name), Clean(a.value)}));
    o["attrs"] = std::move(attrs);
  }
  const auto tensors = [&](const std::vector<int>& ids) {
    Json list = Json::array();
    for (int t : ids) {
      if (t >= 0 && static_cast<size_t>(t) < g->tensors.size()) list.push_back(TensorJson(*g, t));
    }
    return list;
  };
  if (!node.inputs.empty()) o["in"] = tensors(node.inputs);
  if (!node.outputs.empty()) o["out"] = tensors(node.outputs);
  if (!node.pattern_ops.empty()) o["holds"] = OpsJson(node.pattern_ops, false);
  if (!node.fused.empty()) o["fused"] = OpsJson(node.fused, true);
  if (!node.shape_ops.empty()) {
    Json list = Json::array();
    for (const FusedOp& op : node.shape_ops) list.push_back(Clean(op.op_type));
    o["shape_from"] = std::move(list);
  }
  return o;
}

Json EdgeJson(const Diagram& d, size_t i, const LayerGraph* g) {
  const EdgeStyle& style = d.edges[i];
  Json o;
  o["id"] = "edge" + std::to_string(i);
  if (!style.kind.empty()) o["kind"] = style.kind;
  if (g != nullptr && style.tensor >= 0 && static_cast<size_t>(style.tensor) < g->tensors.size()) {
    const Tensor& t = g->tensors[style.tensor];
    o["tensor"] = Clean(t.name);
    o["shape"] = Clean(FormatShape(t.type));
    o["dtype"] = DTypeName(t.type.dtype);
  } else {
    o["tip"] = Clean(style.tooltip);
  }
  if (i < d.graph.edges.size()) {
    int from = d.graph.edges[i].from, to = d.graph.edges[i].to;
    if (style.reversed) std::swap(from, to);  // the data flows against the layout edge
    const auto id = [&](int n) {
      return n >= 0 && static_cast<size_t>(n) < d.nodes.size() ? Clean(d.nodes[n].id) : "";
    };
    o["from"] = id(from);
    o["to"] = id(to);
  }
  return o;
}

// The categories and edge kinds drawn, in order of first appearance.
void LegendJson(const Diagram& d, Json* j) {
  Json legend = Json::array();
  std::set<std::string> seen;
  for (const NodeStyle& n : d.nodes) {
    if (n.category.empty() || !seen.insert(n.category).second) continue;
    legend.push_back(Json::array({n.category, Clean(n.fill), Clean(n.stroke)}));
  }
  (*j)["legend"] = std::move(legend);
  Json kinds = Json::array();
  seen.clear();
  for (const EdgeStyle& e : d.edges) {
    if (e.kind.empty() || !seen.insert(e.kind).second) continue;
    kinds.push_back(Json::array({e.kind, Clean(e.color),
                                 e.dotted   ? "dotted"
                                 : e.dashed ? "dashed"
                                            : ""}));
  }
  (*j)["edge_kinds"] = std::move(kinds);
}

// JSON text made safe inside a <script> element. '<', '>' and '&' occur in JSON text only
// inside strings, where their \u escapes mean the same.
std::string EscapeForScript(const std::string& json) {
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (char c : json) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view HtmlPageScript() { return kPageJs; }
std::string_view HtmlPageStyle() { return kPageCss; }

std::string HtmlDataJson(const HtmlPageInput& input) {
  const Diagram& d = *input.diagram;
  Json j;
  j["schema"] = "graphgen-html/1";
  j["title"] = Clean(d.title);
  Json provenance = Json::array();
  for (const auto& [key, value] : d.metadata) {
    // Per-node hashes are for --check (they stay in the head), not for people.
    if (key == kMetaModelNodes) continue;
    provenance.push_back(Json::array({Clean(key), Clean(value)}));
  }
  j["provenance"] = std::move(provenance);
  j["verdict"] = Clean(input.grouping_verdict);
  j["explain"] = Clean(input.grouping_explanation);
  LegendJson(d, &j);
  // The boxes, edges and clusters one to a line, so the page's lines stay short like every
  // text output's (editors and diff tools choke on megabyte lines).
  const auto dump = [](const Json& v) {
    return v.dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  std::string out = dump(j);
  out.pop_back();  // the closing '}'
  const auto list = [&](const char* key, const std::vector<Json>& items) {
    out += ",\n\"" + std::string(key) + "\":[";
    for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "\n" : ",\n") + dump(items[i]);
    out += "]";
  };
  std::vector<Json> items;
  for (const NodeStyle& n : d.nodes) {
    if (n.shape != NodeShape::kLegend) items.push_back(NodeJson(n, input.graph));
  }
  list("nodes", items);
  items.clear();
  for (size_t i = 0; i < d.edges.size(); ++i) items.push_back(EdgeJson(d, i, input.graph));
  list("edges", items);
  items.clear();
  for (size_t i = 0; i < d.clusters.size(); ++i) {
    Json o;
    o["id"] = "cluster" + std::to_string(i);
    o["label"] = Clean(d.clusters[i].label.text);
    o["tip"] = Clean(d.clusters[i].tooltip);
    items.push_back(std::move(o));
  }
  list("clusters", items);
  out += "}";
  return EscapeForScript(out);
}

std::string RenderHtmlPage(const HtmlPageInput& input) {
  const Diagram& d = *input.diagram;
  SvgOptions svg_options;
  svg_options.standalone = false;
  const std::string svg = RenderSvg(d, *input.layout, svg_options);
  const std::string data = HtmlDataJson(input);
  std::string out;
  out.reserve(svg.size() + data.size() + kPageJs.size() + kPageCss.size() + 4096);
  out += kDoctype;
  out += "\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: no network, no file next to the page. Only the script and
  // style below, named by hash, may run.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '" +
         CspHash(kPageJs) + "'; style-src '" + CspHash(kPageCss) +
         "'; base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // A long value (model-nodes: 25 bytes a node) is wrapped with literal newlines, which
  // the reader drops; a newline of the value itself is written &#10;.
  for (const auto& [key, value] : d.metadata) {
    out += "<meta name=\"" + std::string(kMetaPrefix) + XmlEscape(key) + "\" content=\"";
    const std::string escaped = XmlEscape(value);
    bool first = true;
    for (std::string_view piece : SplitForLines(escaped, kMaxMetaLineBytes)) {
      if (!first) out += '\n';
      out += piece;
      first = false;
    }
    out += "\">\n";
  }
  out += "<title>" + XmlEscape(d.title) + " \xC2\xB7 graphgen</title>\n";
  out += "<style>";
  out += kPageCss;
  out += "</style>\n</head>\n<body>\n";
  out += "<div id=\"gg-bar\" role=\"toolbar\">\n<span id=\"gg-title\">" + XmlEscape(d.title) +
         "</span>\n"
         "<input id=\"gg-search\" type=\"search\" placeholder=\"Search name or op (/)\" "
         "aria-label=\"Search by name or op type\" autocomplete=\"off\" spellcheck=\"false\">\n"
         "<span id=\"gg-count\" aria-live=\"polite\"></span>\n"
         "<span class=\"gg-spacer\"></span>\n"
         "<button type=\"button\" data-act=\"zoom-out\" title=\"Zoom out (-)\">\xE2\x88\x92"
         "</button>\n"
         "<span id=\"gg-zoom\"></span>\n"
         "<button type=\"button\" data-act=\"zoom-in\" title=\"Zoom in (+)\">+</button>\n"
         "<button type=\"button\" data-act=\"fit\" title=\"Fit to window (0)\">Fit</button>\n"
         "<button type=\"button\" data-act=\"actual\" title=\"Actual size (1)\">1:1</button>\n"
         "<button type=\"button\" id=\"gg-side-button\" data-act=\"side\" aria-pressed=\"false\" "
         "title=\"Legend, grouping and provenance\">Legend &amp; groups</button>\n</div>\n";
  out +=
      "<div id=\"gg-main\">\n<div id=\"gg-view\" tabindex=\"0\" aria-label=\"Diagram\">"
      "<div id=\"gg-stage\">\n";
  out += svg;
  out += "</div></div>\n";
  out += "<aside id=\"gg-info\" class=\"gg-panel\" hidden aria-live=\"polite\"></aside>\n";
  out +=
      "<aside id=\"gg-side\" class=\"gg-panel\" hidden>\n"
      "<details open><summary>Legend</summary><div id=\"gg-legend\"></div></details>\n"
      "<details open><summary>Encoder / decoder groups</summary>"
      "<div id=\"gg-groups\"></div></details>\n"
      "<details><summary>Provenance</summary><div id=\"gg-about\"></div></details>\n"
      "</aside>\n</div>\n";
  out += "<script type=\"application/json\" id=\"gg-data\">";
  out += data;
  out += "</script>\n<script>";
  out += kPageJs;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

Metadata ReadHtmlProvenance(const std::string& b) {
  Metadata meta;
  if (b.compare(0, kDoctype.size(), kDoctype) != 0) return meta;
  const size_t end = b.find("</head>");
  if (end == std::string::npos) return meta;
  const std::string name = "<meta name=\"" + std::string(kMetaPrefix);
  constexpr std::string_view kContent = "\" content=\"";
  size_t pos = 0;
  while (true) {
    pos = b.find(name, pos);
    if (pos == std::string::npos || pos > end) break;
    const size_t name_start = pos + name.size();
    const size_t mid = b.find(kContent, name_start);
    if (mid == std::string::npos || mid > end) break;
    const size_t value_start = mid + kContent.size();
    const size_t close = b.find('"', value_start);
    if (close == std::string::npos || close > end) break;
    meta.emplace_back(
        XmlUnescape(std::string_view(b).substr(name_start, mid - name_start)),
        XmlUnescape(Unwrapped(std::string_view(b).substr(value_start, close - value_start))));
    pos = close;
  }
  return meta;
}

}  // namespace graphgen
