// Fuzz target: the whole pipeline on ONNX text, as a user runs it: import with shape
// inference, the passes (options chosen from the input's hash, so each input always takes
// the same path), the grouping pass, diagram, the default layered layout, SVG and DOT, and
// the summary table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_checks.h"
#include "fuzz/fuzz_importer.h"
#include "fuzz/fuzz_render.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using graphgen::fuzz::FuzzImportOptions;
  static const graphgen::Importer& importer = graphgen::fuzz::ImporterNamed("ONNX text");
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  graphgen::Warnings warnings;
  graphgen::ImportOptions import = FuzzImportOptions();
  import.max_nodes = 2000;
  import.infer_shapes = true;
  auto graph = importer.Import(bytes, import, &warnings);
  if (!graph.ok()) {
    graphgen::fuzz::CheckImportError(graph.status());
    return 0;
  }
  graphgen::fuzz::CheckGraph(*graph);

  uint32_t h = 2166136261u;  // FNV-1a
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 16777619u;
  graphgen::PassOptions passes;
  passes.show_constants = (h & 1) != 0;
  passes.expand_nested = (h & 2) == 0;
  passes.depth = (h >> 2) % 4 == 0 ? static_cast<int>((h >> 4) % 3) : -1;
  passes.fold_min = (h & 128) == 0 ? 3 : 0;  // --fold auto or --fold off
  passes.fuse = (h & 2048) == 0 ? graphgen::FuseMode::kAuto : graphgen::FuseMode::kOn;
  std::vector<std::string> pass_warnings;
  const graphgen::Status status = graphgen::RunPasses(*graph, passes, &pass_warnings);
  if (!status.ok())
    graphgen::fuzz::Fail("passes failed without a layer range: " + status.message());
  graphgen::fuzz::CheckGraph(*graph);

  graphgen::GroupingOptions grouping_options;
  const graphgen::GroupingMode modes[] = {graphgen::GroupingMode::kAuto,
                                          graphgen::GroupingMode::kNames,
                                          graphgen::GroupingMode::kStructure};
  grouping_options.mode = modes[(h >> 8) % 3];
  const graphgen::Grouping grouping = graphgen::FindGroups(*graph, grouping_options);
  graphgen::RenderOptions render = graphgen::fuzz::ShowEverything();
  render.show_shapes = (h & 64) == 0;
  graphgen::fuzz::RenderAndCheck(*graph, render, graphgen::fuzz::FuzzLayout::kLayered, &grouping,
                                 /*u_shape=*/(h & 1024) != 0);
  return 0;
}
