#include "render/html/html_page.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "core/name_scopes.h"
#include "diagram/diagram_builder.h"
#include "layout/layered/layered_layout.h"
#include "render/html/sha256.h"

namespace graphgen {
namespace {

constexpr const char* kHostile = "</script><img src=x onerror=alert(1)><!--";

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// x -> a Conv whose name and attribute try to break out of every context -> a Relu,
// with a control dependency from the Conv to the output.
LayerGraph HostileGraph() {
  LayerGraph g;
  Node in;
  in.kind = NodeKind::kInput;
  in.name = "x";
  in.op_type = "Input";
  const int x = g.AddNode(in);
  const int t0 = g.AddTensor("x\"'&<>");
  g.tensors[t0].type = TensorType{DType::kFloat32, true, {Dim{-1, "N"}, Dim{3, ""}}};
  g.nodes[x].outputs.push_back(t0);
  Node conv;
  conv.name = std::string("/enc/") + kHostile;
  conv.op_type = "Conv";
  conv.params = 1234;
  conv.attributes.push_back(Attribute{"pads", "<script>alert(2)</script>"});
  conv.pattern_ops.push_back(FusedOp{"onload=\"x\"", "Mul", false});
  const int c = g.AddNode(conv);
  g.nodes[c].inputs.push_back(t0);
  const int t1 = g.AddTensor("y");
  g.tensors[t1].type = TensorType{DType::kFloat32, true, {Dim{-1, "N"}, Dim{8, ""}}};
  g.nodes[c].outputs.push_back(t1);
  Node relu;
  relu.name = "/enc/relu";
  relu.op_type = "Relu";
  const int r = g.AddNode(relu);
  g.nodes[r].inputs.push_back(t1);
  g.nodes[r].outputs.push_back(g.AddTensor("z"));
  g.control_edges.emplace_back(x, r);
  g.RebuildTensorLinks();
  AssignNameScopes(g);
  return g;
}

struct Rendered {
  LayerGraph graph;
  Diagram diagram;
  LayoutResult layout;
  HtmlPageInput input;
};

void Render(Rendered* r) {
  r->graph = HostileGraph();
  r->diagram = BuildDiagram(r->graph, RenderOptions());
  r->diagram.title = std::string("model") + kHostile + ".onnx";
  r->diagram.metadata = {{"generator", "graphgen 0.1.0"},
                         {"model", r->diagram.title},
                         {"options", "rankdir=TB layer_range=\"a\"'b\nc"},
                         {"model-nodes", std::string(3000, 'f')}};
  auto layout = LayeredLayout().Layout(r->diagram.graph, LayoutOptions());
  ASSERT_TRUE(layout.ok()) << layout.status().message();
  r->layout = *layout;
  r->input.diagram = &r->diagram;
  r->input.layout = &r->layout;
  r->input.graph = &r->graph;
  r->input.grouping_verdict = "no encoder-decoder structure";
  r->input.grouping_explanation = std::string("evidence: ") + kHostile + "\n";
}

TEST(HtmlPage, HasOneSvgOneDataIslandAndOneScript) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0),
            0u);
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
  EXPECT_EQ(Count(page, "<svg"), 1u);
  EXPECT_EQ(Count(page, "</svg>"), 1u);
  EXPECT_EQ(Count(page, "<script"), 2u);
  EXPECT_EQ(Count(page, "</script"), 2u);
  EXPECT_EQ(Count(page, "<style>"), 1u);
  EXPECT_EQ(Count(page, "<script type=\"application/json\" id=\"gg-data\">"), 1u);
  EXPECT_EQ(Count(page, "<g class=\"node\""), 4u);  // the three nodes and the control legend
  // The SVG inline carries no XML declaration, <metadata> or hover titles.
  EXPECT_EQ(page.find("<?xml"), std::string::npos);
  EXPECT_EQ(page.find("<metadata>"), std::string::npos);
  EXPECT_EQ(Count(page, "<title>"), 1u);
}

TEST(HtmlPage, PolicyAllowsOnlyTheHashedScriptAndStyle) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  const std::string csp =
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; script-src '" +
      CspHash(HtmlPageScript()) + "'; style-src '" + CspHash(HtmlPageStyle()) +
      "'; base-uri 'none'; form-action 'none'\">";
  EXPECT_NE(page.find(csp), std::string::npos) << page.substr(0, 400);
  // The hashes cover exactly the bytes between the tags.
  EXPECT_NE(page.find("<script>" + std::string(HtmlPageScript()) + "</script>"), std::string::npos);
  EXPECT_NE(page.find("<style>" + std::string(HtmlPageStyle()) + "</style>"), std::string::npos);
  EXPECT_EQ(page.find("unsafe-inline"), std::string::npos);
  EXPECT_GT(HtmlPageScript().size(), 1000u);
}

TEST(HtmlPage, ModelStringsNeverBecomeMarkupOrScript) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<!--"), std::string::npos);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("onload=\""), std::string::npos);
  // No event-handler attribute anywhere outside the script: the page's markup is ours.
  const size_t script = page.find("<script>");
  ASSERT_NE(script, std::string::npos);
  const std::string markup = page.substr(0, script);
  // Every tag's attribute names, with the (quoted, escaped) values taken out.
  const std::regex tag("<[a-zA-Z][^>]*>");
  for (auto it = std::sregex_iterator(markup.begin(), markup.end(), tag);
       it != std::sregex_iterator(); ++it) {
    const std::string names = std::regex_replace(it->str(), std::regex("\"[^\"]*\""), "\"\"");
    EXPECT_FALSE(std::regex_search(names, std::regex("\\son[a-z]+\\s*=", std::regex::icase)))
        << it->str();
  }
  EXPECT_NE(markup.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--"),
            std::string::npos);
}

TEST(HtmlPage, DataIslandParsesAsJsonWithTheModelsStrings) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  const std::string open = "<script type=\"application/json\" id=\"gg-data\">";
  const size_t start = page.find(open) + open.size();
  const size_t end = page.find("</script>", start);
  const std::string island = page.substr(start, end - start);
  EXPECT_EQ(island, HtmlDataJson(r.input));
  EXPECT_EQ(island.find_first_of("<>&"), std::string::npos);
  const auto j = nlohmann::json::parse(island);  // throws on invalid JSON
  EXPECT_EQ(j["schema"], "graphgen-html/1");
  EXPECT_EQ(j["explain"], std::string("evidence: ") + kHostile + "\n");
  ASSERT_EQ(j["nodes"].size(), 3u);  // the legend's box has no data
  const auto& conv = j["nodes"][1];
  EXPECT_EQ(conv["id"], "node1");
  EXPECT_EQ(conv["name"], std::string("/enc/") + kHostile);
  EXPECT_EQ(conv["op"], "Conv");
  EXPECT_EQ(conv["cat"], "convolution");
  EXPECT_EQ(conv["params"], 1234);
  EXPECT_EQ(conv["attrs"][0][1], "<script>alert(2)</script>");
  EXPECT_EQ(conv["holds"][0][0], "Mul");
  EXPECT_EQ(conv["in"][0][0], "x\"'&<>");
  EXPECT_EQ(conv["in"][0][1],
            "N\xC3\x97"
            "3");
  EXPECT_EQ(conv["in"][0][2], "float32");
  bool control = false;
  for (const auto& e : j["edges"]) {
    if (e.contains("kind") && e["kind"] == "control") {
      control = true;
      EXPECT_EQ(e["from"], "node0");
      EXPECT_EQ(e["to"], "node2");
    }
  }
  EXPECT_TRUE(control);
  EXPECT_EQ(j["edges"][0]["tensor"], "x\"'&<>");
  EXPECT_EQ(j["legend"][0][0], "input/output");
}

// Like every text output's: editors and diff tools choke on megabyte lines.
TEST(HtmlPage, LinesStayShort) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  size_t longest = 0;
  for (size_t start = 0; start < page.size();) {
    size_t end = page.find('\n', start);
    if (end == std::string::npos) end = page.size();
    longest = std::max(longest, end - start);
    start = end + 1;
  }
  EXPECT_LE(longest, 1024u);
}

TEST(HtmlPage, SameInputSameBytes) {
  Rendered a, b;
  Render(&a);
  Render(&b);
  EXPECT_EQ(RenderHtmlPage(a.input), RenderHtmlPage(b.input));
}

TEST(HtmlPage, FetchesNothing) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  for (const char* scheme : {"http:", "https:", "url(", "@import", "src=\"", "href="}) {
    EXPECT_EQ(page.find(scheme), std::string::npos) << scheme;
  }
}

TEST(HtmlPage, SizeIsTheSvgAndDataPlusAFixedPart) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  const size_t fixed = HtmlPageScript().size() + HtmlPageStyle().size() + 4096;
  EXPECT_LT(page.size(), fixed + 8 * 1024) << "a three-node page";
  EXPECT_LT(HtmlPageScript().size() + HtmlPageStyle().size(), 48u * 1024);
}

TEST(HtmlPage, WithoutALayerGraphBoxesCarryTheirTooltips) {
  Rendered r;
  Render(&r);
  r.input.graph = nullptr;
  const auto j = nlohmann::json::parse(HtmlDataJson(r.input));
  EXPECT_EQ(j["nodes"][1]["tip"].get<std::string>().rfind(std::string("/enc/") + kHostile, 0), 0u);
  EXPECT_FALSE(j["nodes"][1].contains("name"));
}

TEST(HtmlPage, ProvenanceRoundTrips) {
  Rendered r;
  Render(&r);
  const std::string page = RenderHtmlPage(r.input);
  EXPECT_EQ(ReadHtmlProvenance(page), r.diagram.metadata);
  EXPECT_TRUE(ReadHtmlProvenance("<svg/>").empty());
  EXPECT_TRUE(
      ReadHtmlProvenance("<!DOCTYPE html>\n<meta name=\"graphgen:model\" content=\"").empty());
  // Entries after the head (the model's own strings in the body) are never read.
  EXPECT_TRUE(ReadHtmlProvenance("<!DOCTYPE html><head></head><meta name=\"graphgen:a\" "
                                 "content=\"b\">")
                  .empty());
}

}  // namespace
}  // namespace graphgen
