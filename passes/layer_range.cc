#include "passes/layer_range.h"

#include <regex>
#include <vector>

#include "core/text.h"

namespace graphgen {
namespace {

// Index of the first (or last) node matching `pattern`, or -1.
StatusOr<int> FindMatch(const LayerGraph& graph, const std::string& pattern, bool last) {
  const int n = static_cast<int>(graph.nodes.size());
  for (int k = 0; k < n; ++k) {
    const int i = last ? n - 1 - k : k;
    if (graph.nodes[i].name == pattern) return i;
  }
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return InvalidArgument("--layer-range: '" + Quote(pattern) +
                           "' is neither a node name nor "
                           "a valid regex (" +
                           e.what() + ")");
  }
  for (int k = 0; k < n; ++k) {
    const int i = last ? n - 1 - k : k;
    if (std::regex_search(graph.nodes[i].name, re)) return i;
  }
  return InvalidArgument("--layer-range: no node matches '" + Quote(pattern) + "'");
}

}  // namespace

Status KeepLayerRange(LayerGraph& graph, const std::string& start, const std::string& end) {
  int first = 0;
  int last = static_cast<int>(graph.nodes.size()) - 1;
  if (!start.empty()) {
    auto m = FindMatch(graph, start, /*last=*/false);
    if (!m.ok()) return m.status();
    first = *m;
  }
  if (!end.empty()) {
    auto m = FindMatch(graph, end, /*last=*/true);
    if (!m.ok()) return m.status();
    last = *m;
  }
  if (last < first) {
    return InvalidArgument("--layer-range: '" + Quote(end) + "' comes before '" + Quote(start) +
                           "' in the model");
  }
  std::vector<bool> remove(graph.nodes.size(), false);
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    remove[i] = static_cast<int>(i) < first || static_cast<int>(i) > last;
  }
  graph.RemoveNodes(remove);
  return OkStatus();
}

}  // namespace graphgen
