#include "graphgen/cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace graphgen {
namespace {

StatusOr<CliRequest> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "graphgen");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

// Without -o the output takes the format's extension: --format png never writes PNG bytes
// into model.svg.
TEST(Cli, TheDefaultOutputNameFollowsTheFormat) {
  EXPECT_EQ(Parse({"dir/model.onnx", "--format", "png"})->config.output, "model.png");
  EXPECT_EQ(Parse({"model.onnx", "--format", "pdf"})->config.format, "pdf");
  EXPECT_EQ(Parse({"model.onnx", "--format", "gv"})->config.output, "model.dot");
  EXPECT_EQ(Parse({"model.onnx", "--format", "tfevents"})->config.output, "model.tfevents");
  EXPECT_EQ(Parse({"model.onnx", "-o", "/dev/stdout", "--format", "svg"})->config.output, "-");
}

TEST(Cli, DefaultsAreDocumented) {
  auto r = Parse({"model.onnx"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Config& c = r->config;
  EXPECT_EQ(c.output, "model.svg");
  EXPECT_EQ(c.format, "svg");
  EXPECT_TRUE(c.render.show_shapes);
  EXPECT_FALSE(c.render.show_dtype);
  EXPECT_FALSE(c.render.show_layer_names);
  EXPECT_EQ(c.render.dpi, 96);
  EXPECT_EQ(c.layout.rankdir, RankDir::kTB);
  EXPECT_EQ(c.passes.depth, -1);
  EXPECT_TRUE(c.passes.expand_nested);
  EXPECT_FALSE(c.passes.show_constants);
}

TEST(Cli, FormatFromTheOutputRegistryAndOverride) {
  EXPECT_EQ(Parse({"m.onnx", "-o", "out/d.PDF"})->config.format, "pdf");
  EXPECT_EQ(Parse({"m.onnx", "-o", "d.gv"})->config.format, "dot");
  EXPECT_EQ(Parse({"m.onnx", "-o", "d.txt", "--format", "svg"})->config.format, "svg");
  EXPECT_EQ(Parse({"m.onnx", "-o", "-"})->config.format, "dot");
}

TEST(Cli, TensorBoardFlags) {
  ::unsetenv("SOURCE_DATE_EPOCH");
  auto r = Parse({"m.onnx", "--tensorboard", "logs"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->config.tensorboard_dir, "logs");
  EXPECT_EQ(r->config.output, "");  // no default diagram beside the event file
  EXPECT_EQ(r->config.timestamp, -1);
  r = Parse({"m.onnx", "-o", "run/events.out.tfevents.1.host", "--timestamp", "42"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->config.format, "tfevents");
  EXPECT_EQ(r->config.timestamp, 42);
  r = Parse({"m.onnx", "-o", "g.pb", "--format", "tfevents"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->config.format, "tfevents");
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  r = Parse({"m.onnx", "--tensorboard", "logs", "--timestamp", "42"});
  ::unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->config.timestamp, 1700000000);  // SOURCE_DATE_EPOCH wins
  EXPECT_EQ(Parse({"m.onnx", "--tensorboard", ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"m.onnx", "--tensorboard", "l", "--timestamp", "-3"}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Cli, PlotModelFlags) {
  auto r = Parse({"m.onnx", "-o", "x.png", "--show-dtype", "--show-shapes=false", "--rankdir", "LR",
                  "--dpi", "200", "--depth", "2", "--layer-range", "conv1:fc",
                  "--expand-nested=false", "--show-layer-names"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->config.render.show_dtype);
  EXPECT_FALSE(r->config.render.show_shapes);
  EXPECT_TRUE(r->config.render.show_layer_names);
  EXPECT_EQ(r->config.layout.rankdir, RankDir::kLR);
  EXPECT_EQ(r->config.render.dpi, 200);
  EXPECT_EQ(r->config.passes.depth, 2);
  EXPECT_EQ(r->config.passes.range_start, "conv1");
  EXPECT_EQ(r->config.passes.range_end, "fc");
  EXPECT_FALSE(r->config.passes.expand_nested);
}

TEST(Cli, UsageErrorsAreInvalidArgument) {
  for (std::vector<const char*> args : std::vector<std::vector<const char*>>{
           {},
           {"m.onnx", "--rankdir", "UP"},
           {"m.onnx", "-o", "x.bmp"},
           {"m.onnx", "-o", "-", "--format", "png"},
           {"m.onnx", "--depth", "deep"},
           {"m.onnx", "--dpi", "0"},
           {"m.onnx", "--no-such-flag"},
           {"m.onnx", "--layer-range", "nocolon"},
           {"a.onnx", "b.onnx"},
       }) {
    auto r = Parse(args);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(ExitCodeFor(r.status()), 2);
  }
}

TEST(Cli, HelpShowsExamplesAndExitCodes) {
  auto r = Parse({"--help"});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->print_and_exit.find("Examples:"), std::string::npos);
  EXPECT_NE(r->print_and_exit.find("70 internal error"), std::string::npos);
  EXPECT_NE(r->print_and_exit.find("--show-shapes"), std::string::npos);
}

TEST(Cli, ExitCodes) {
  EXPECT_EQ(ExitCodeFor(OkStatus()), 0);
  EXPECT_EQ(ExitCodeFor(Status(StatusCode::kStale, "")), 1);
  EXPECT_EQ(ExitCodeFor(BadInput("")), 3);
  EXPECT_EQ(ExitCodeFor(LimitExceeded("")), 3);
  EXPECT_EQ(ExitCodeFor(OutputError("")), 4);
  EXPECT_EQ(ExitCodeFor(Internal("")), 70);
}

TEST(Cli, LayoutEngineTimingAndDumps) {
  EXPECT_EQ(Parse({"m.onnx"})->config.layout_engine, LayoutEngineKind::kLayered);
  EXPECT_EQ(Parse({"m.onnx", "--layout-engine", "graphviz"})->config.layout_engine,
            LayoutEngineKind::kGraphviz);
  EXPECT_FALSE(Parse({"m.onnx", "--layout-engine", "elk"}).ok());
  auto r = Parse({"m.onnx", "--timing", "--dump-after", "ordering"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->config.timing);
  EXPECT_EQ(r->config.dump_after, "ordering");
  EXPECT_FALSE(Parse({"m.onnx", "--dump-after", "nothing"}).ok());
  EXPECT_FALSE(Parse({"m.onnx", "--dump-after", "ordering", "--layout-engine", "graphviz"}).ok());
}

}  // namespace
}  // namespace graphgen

namespace graphgen {
namespace {

// Every option a graphgen.json may set is a flag the command line knows.
TEST(ProjectConfigOptions, AreAllFlags) {
  for (const ConfigOption& o : ProjectConfigOptions()) {
    const std::string flag =
        o.is_switch ? "--" + std::string(o.name) : "--" + std::string(o.name) + "=1";
    const char* argv[] = {"graphgen", "m.onnx", "-o", "m.svg", flag.c_str()};
    auto r = ParseCommandLine(5, argv);
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().find("does not exist"), std::string::npos)
          << o.name << ": " << r.status().message();
    }
  }
}

}  // namespace
}  // namespace graphgen
