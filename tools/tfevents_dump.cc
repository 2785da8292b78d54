// A manual check of an event file the way TensorBoard's loader and Graphs tab read it:
// TFRecord framing and both CRCs, every record as an Event, then what the Graphs tab
// would show (node count, top-level boxes). With --pbtxt, prints the GraphDef as the
// text the /graph route serves.
//   bazel run //tools:tfevents_dump -- [--pbtxt] logs/events.out.tfevents.*
#include <google/protobuf/text_format.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "render/tfevents/tfrecord.h"
#include "third_party/tensorflow/tf_event.pb.h"

namespace {

int Dump(const std::string& path, bool pbtxt) {
  auto bytes = graphgen::ReadFile(path, int64_t{1} << 31);
  if (!bytes.ok()) {
    std::fprintf(stderr, "tfevents_dump: %s: %s\n", path.c_str(), bytes.status().message().c_str());
    return 1;
  }
  auto records = graphgen::ReadTfRecords(*bytes);
  if (!records.ok()) {
    std::fprintf(stderr, "tfevents_dump: %s: %s\n", path.c_str(),
                 records.status().message().c_str());
    return 1;
  }
  std::printf("%s: %zu records\n", path.c_str(), records->size());
  graphgen::tf::GraphDef graph;
  bool have_graph = false;
  for (size_t i = 0; i < records->size(); ++i) {
    graphgen::tf::Event e;
    if (!e.ParseFromString((*records)[i])) {
      std::fprintf(stderr, "tfevents_dump: %s: record %zu is not an Event\n", path.c_str(), i);
      return 1;
    }
    std::printf("  record %zu: wall_time %.0f step %lld: ", i, e.wall_time(),
                static_cast<long long>(e.step()));
    switch (e.what_case()) {
      case graphgen::tf::Event::kFileVersion:
        std::printf("file_version \"%s\" writer \"%s\"\n", e.file_version().c_str(),
                    e.source_metadata().writer().c_str());
        break;
      case graphgen::tf::Event::kGraphDef:
        if (!graph.ParseFromString(e.graph_def())) {
          std::fprintf(stderr, "tfevents_dump: %s: graph_def does not parse\n", path.c_str());
          return 1;
        }
        have_graph = true;
        std::printf("graph_def, %d nodes, %zu bytes\n", graph.node_size(), e.graph_def().size());
        break;
      case graphgen::tf::Event::kSummary:
        for (const auto& v : e.summary().value()) {
          std::printf("summary \"%s\" (plugin %s)\n", v.tag().c_str(),
                      v.metadata().plugin_data().plugin_name().c_str());
          for (const auto& s : v.tensor().string_val()) std::printf("%s", s.c_str());
        }
        break;
      default:
        std::printf("other (%d)\n", static_cast<int>(e.what_case()));
    }
  }
  if (!have_graph) return 0;
  // Top-level boxes in order of first appearance, with how many nodes each holds.
  std::vector<std::pair<std::string, int>> top;
  for (const auto& n : graph.node()) {
    const std::string first = n.name().substr(0, n.name().find('/'));
    size_t k = 0;
    while (k < top.size() && top[k].first != first) ++k;
    if (k == top.size()) top.emplace_back(first, 0);
    ++top[k].second;
  }
  std::printf("Graphs tab top level (%zu):", top.size());
  for (const auto& [name, count] : top) {
    std::printf(" %s%s", name.c_str(),
                count > 1 ? ("(" + std::to_string(count) + ")").c_str() : "");
  }
  std::printf("\n");
  if (pbtxt) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(graph, &text);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool pbtxt = false;
  int status = 0;
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--pbtxt") {
      pbtxt = true;
      continue;
    }
    ++files;
    status |= Dump(arg, pbtxt);
  }
  if (files == 0) {
    std::fprintf(stderr, "usage: tfevents_dump [--pbtxt] EVENT_FILE...\n");
    return 2;
  }
  return status;
}
