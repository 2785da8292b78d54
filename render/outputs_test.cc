// The output registry: names, extensions, file-name claims and provenance dispatch come
// from the writers, in registry order.
#include "render/outputs.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace graphgen {
namespace {

TEST(OutputRegistry, NamesAreUniqueAndListedInOrder) {
  const OutputRegistry outputs;
  std::set<std::string> names;
  for (const auto& w : outputs.writers()) {
    EXPECT_TRUE(names.insert(std::string(w->Name())).second) << w->Name();
    EXPECT_EQ(outputs.ByName(w->Name()), w.get());
    EXPECT_FALSE(w->Title().empty());
  }
  EXPECT_EQ(outputs.NameList(), "dot, svg, png, pdf, tfevents or html");
  EXPECT_EQ(outputs.ExtensionList(), ".dot, .svg, .png, .pdf or .html");
  EXPECT_EQ(outputs.ByName("jpeg"), nullptr);
}

TEST(OutputRegistry, EveryExtensionPicksItsWriter) {
  const OutputRegistry outputs;
  for (const auto& w : outputs.writers()) {
    for (std::string_view ext : w->Extensions()) {
      EXPECT_EQ(outputs.ForPath("dir.x/model." + std::string(ext)), w.get()) << ext;
      std::string upper(ext);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_EQ(outputs.ForPath("model." + upper), w.get()) << upper;
    }
  }
  EXPECT_EQ(outputs.ForPath("d.gv")->Name(), "dot");
  EXPECT_EQ(outputs.ForPath("model"), nullptr);
  EXPECT_EQ(outputs.ForPath("dir.svg/model"), nullptr);  // a dot in a directory is no extension
  EXPECT_EQ(outputs.ForPath("model.txt"), nullptr);
}

TEST(OutputRegistry, TensorBoardFilesAreClaimedByName) {
  const OutputRegistry outputs;
  EXPECT_EQ(outputs.ForPath("logs/events.out.tfevents.1700000000.graphgen")->Name(), "tfevents");
  EXPECT_EQ(outputs.ForPath("m.tfevents.svg")->Name(), "tfevents");
  EXPECT_EQ(outputs.ByName("tfevents")->FileNameWarning("m.events"),
            "TensorBoard reads only files whose name contains 'tfevents'");
  EXPECT_EQ(outputs.ByName("tfevents")->FileNameWarning("x.tfevents"), "");
}

TEST(OutputRegistry, OnlyTextFormatsGoToStdout) {
  const OutputRegistry outputs;
  EXPECT_TRUE(outputs.ByName("dot")->WritesToStdout());
  EXPECT_TRUE(outputs.ByName("svg")->WritesToStdout());
  EXPECT_TRUE(outputs.ByName("html")->WritesToStdout());
  EXPECT_FALSE(outputs.ByName("png")->WritesToStdout());
  EXPECT_FALSE(outputs.ByName("pdf")->WritesToStdout());
  EXPECT_FALSE(outputs.ByName("tfevents")->WritesToStdout());
}

TEST(OutputRegistry, ProvenanceIsReadByTheWriterThatRecognisesTheBytes) {
  const OutputRegistry outputs;
  const Metadata dot = outputs.ReadProvenance("// model: m.onnx\ndigraph {}\n");
  ASSERT_EQ(dot.size(), 1u);
  EXPECT_EQ(dot[0].first, "model");
  EXPECT_EQ(dot[0].second, "m.onnx");
  const Metadata svg = outputs.ReadProvenance(
      "<svg><metadata><meta name=\"model\" content=\"a&amp;b\"/></metadata></svg>");
  ASSERT_EQ(svg.size(), 1u);
  EXPECT_EQ(svg[0].second, "a&b");
  const Metadata html = outputs.ReadProvenance(
      "<!DOCTYPE html>\n<html><head><meta name=\"graphgen:model\" content=\"a&lt;b\">"
      "</head><body><svg><metadata><meta name=\"x\" content=\"y\"/></metadata></svg>");
  ASSERT_EQ(html.size(), 1u);
  EXPECT_EQ(html[0].first, "model");
  EXPECT_EQ(html[0].second, "a<b");
  EXPECT_TRUE(outputs.ReadProvenance("GIF89a").empty());
  EXPECT_TRUE(outputs.ReadProvenance("").empty());
}

}  // namespace
}  // namespace graphgen
