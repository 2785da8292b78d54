#include <gtest/gtest.h>

#include <string>

#include "render/cairo/cairo_renderer.h"
#include "render/cairo/png_text.h"
#include "render/dot/dot_writer.h"
#include "render/number_format.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace {

constexpr const char* kHostile = "</text><script>alert(1)</script>\" ] ; x -> y [ \n\xFF";

// Two boxes in a cluster with one edge, positioned by hand.
struct Fixture {
  Fixture() {
    d.graph.clusters.push_back(LayoutCluster{-1, 50, 14});
    d.graph.nodes = {{80, 30, 0}, {80, 30, 0}};
    d.graph.edges = {{0, 1, true}};
    NodeStyle a;
    a.id = "node0";
    a.lines = {{"Conv", 10, true, "#000000"}, {kHostile, 9, false, "#555555"}};
    a.tooltip = kHostile;
    NodeStyle b = a;
    b.id = "node1";
    b.shape = NodeShape::kPill;
    d.nodes = {a, b};
    d.edges = {EdgeStyle{}};
    ClusterStyle c;
    c.label.text = "enc<1>";
    d.clusters = {c};
    d.title = kHostile;
    d.metadata = {{"generator", "graphgen test"}, {"model", kHostile}};
    l.width = 120;
    l.height = 130;
    l.nodes = {Box{20, 20, 80, 30}, Box{20, 90, 80, 30}};
    l.edges = {EdgePath{{{60, 50}, {60, 60}, {60, 70}, {60, 80}}, true, Point{60, 90}}};
    l.clusters = {Box{10, 0, 100, 125}};
    l.cluster_labels = {Box{10, 2, 50, 14}};
  }
  Diagram d;
  LayoutResult l;
};

TEST(FormatCoord, TwoDecimalsNoTrailingZeros) {
  EXPECT_EQ(FormatCoord(12.5), "12.5");
  EXPECT_EQ(FormatCoord(3), "3");
  EXPECT_EQ(FormatCoord(-0.254), "-0.25");
  EXPECT_EQ(FormatCoord(1.005001), "1.01");
  EXPECT_EQ(FormatCoord(0.0 / 0.0), "0");
}

TEST(Svg, EscapesEveryModelString) {
  Fixture f;
  const std::string svg = RenderSvg(f.d, f.l);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("\xFF"), std::string::npos);
  EXPECT_NE(svg.find("&lt;/text&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("enc&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("<graphgen:value name=\"generator\">graphgen test</graphgen:value>"),
            std::string::npos);
  // One group per node, edge and cluster, each with a hover title.
  EXPECT_NE(svg.find("<g class=\"node\" id=\"node1\"><title>"), std::string::npos);
  EXPECT_NE(svg.find("<g class=\"edge\""), std::string::npos);
  EXPECT_NE(svg.find("<g class=\"cluster\""), std::string::npos);
  EXPECT_NE(svg.find("<path d=\"M68,58 C68,68 68,78 68,88\""), std::string::npos);
  EXPECT_EQ(svg, RenderSvg(f.d, f.l));
}

TEST(Dot, QuotesEveryModelStringAndNestsClusters) {
  Fixture f;
  const std::string dot = WriteDot(f.d, LayoutOptions());
  EXPECT_NE(dot.find("subgraph cluster_0 {"), std::string::npos);
  EXPECT_NE(dot.find("label=\"enc<1>\""), std::string::npos);
  EXPECT_NE(dot.find("\\\" ] ; x -> y [ \\n"), std::string::npos);
  EXPECT_EQ(dot.find("\xFF"), std::string::npos);
  EXPECT_NE(dot.find("  n0 -> n1;"), std::string::npos);
  // Nothing a model says can open a new statement: every quote in a label is escaped.
  for (size_t at = dot.find("\" ] ; x"); at != std::string::npos;
       at = dot.find("\" ] ; x", at + 1)) {
    EXPECT_EQ(dot[at - 1], '\\');
  }
}

// A control dependency is dotted in every format, and differently from a dashed edge.
TEST(AllFormats, DottedEdgesAreDrawnDotted) {
  Fixture f;
  f.d.edges[0].dotted = true;
  EXPECT_NE(WriteDot(f.d, LayoutOptions()).find("n0 -> n1 [style=dotted]"), std::string::npos);
  const std::string svg = RenderSvg(f.d, f.l);
  EXPECT_NE(svg.find("stroke-dasharray=\"1,2.5\" stroke-linecap=\"round\""), std::string::npos);
  EXPECT_EQ(svg.find("stroke-dasharray=\"5,3\""), std::string::npos);
  Fixture plain;
  auto dotted_png = RenderPng(f.d, f.l, 96);
  auto solid_png = RenderPng(plain.d, plain.l, 96);
  ASSERT_TRUE(dotted_png.ok() && solid_png.ok());
  EXPECT_NE(dotted_png->bytes, solid_png->bytes);
  auto pdf = RenderPdf(f.d, f.l, "1970-01-01T00:00:00Z");
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
}

TEST(Png, SignatureResolutionAndProvenance) {
  Fixture f;
  auto png = RenderPng(f.d, f.l, 144);
  ASSERT_TRUE(png.ok()) << png.status().message();
  const std::string& b = png->bytes;
  ASSERT_GT(b.size(), 100u);
  EXPECT_EQ(b.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(b.substr(37, 4), "pHYs");
  EXPECT_NE(b.find("tEXtgenerator"), std::string::npos);
  // 136 x 146 points at 2 px per point.
  EXPECT_EQ(static_cast<unsigned char>(b[18]) * 256 + static_cast<unsigned char>(b[19]), 272);
  EXPECT_EQ(b, RenderPng(f.d, f.l, 144)->bytes);
}

TEST(Png, HugeDrawingsAreScaledNotRefused) {
  Fixture f;
  f.l.height = 40000;
  auto png = RenderPng(f.d, f.l, 96);
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png->warnings.size(), 1u);
}

TEST(Pdf, FixedCreationDateMakesBytesStable) {
  Fixture f;
  auto a = RenderPdf(f.d, f.l, "2024-05-01T12:00:00Z");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->substr(0, 5), "%PDF-");
  // Cairo 1.16 writes the date without the "D:" prefix; readers accept it.
  EXPECT_NE(a->find("/CreationDate (20240501120000Z)"), std::string::npos);
  EXPECT_EQ(*a, *RenderPdf(f.d, f.l, "2024-05-01T12:00:00Z"));
}

TEST(Crc32, StandardCheckValue) { EXPECT_EQ(Crc32("123456789"), 0xCBF43926u); }

}  // namespace
}  // namespace graphgen
