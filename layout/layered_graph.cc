#include "layout/layered_graph.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace graphgen {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

}  // namespace

int LayeredGraph::CommonCluster(int a, int b) const {
  while (a != b) {
    const int da = a < 0 ? -1 : cluster_depth[a];
    const int db = b < 0 ? -1 : cluster_depth[b];
    if (da >= db) {
      a = clusters[a].parent;
    } else {
      b = clusters[b].parent;
    }
  }
  return a;
}

bool LayeredGraph::Inside(int cluster, int ancestor) const {
  if (ancestor < 0) return true;
  while (cluster >= 0 && cluster_depth[cluster] > cluster_depth[ancestor]) {
    cluster = clusters[cluster].parent;
  }
  return cluster == ancestor;
}

void LayeredGraph::BuildProperAdjacency() {
  std::vector<std::pair<int, int>> segments;  // (upper, lower)
  for (const DummyChain& c : chains) {
    if (c.dummies.empty()) continue;
    segments.emplace_back(c.tail, c.dummies[0]);
    for (size_t i = 1; i < c.dummies.size(); ++i) {
      segments.emplace_back(c.dummies[i - 1], c.dummies[i]);
    }
  }
  for (const LayeredEdge& e : edges) {
    const int span = items[e.head].rank - items[e.tail].rank;
    if (e.tail == e.head || span <= 0) continue;
    if (span == 1) {
      segments.emplace_back(e.tail, e.head);
    } else {
      segments.emplace_back(chains[e.chain].dummies[span - 2], e.head);
    }
  }
  const size_t n = items.size();
  up_start.assign(n + 1, 0);
  down_start.assign(n + 1, 0);
  for (const auto& [a, b] : segments) {
    ++down_start[a + 1];
    ++up_start[b + 1];
  }
  for (size_t i = 0; i < n; ++i) {
    up_start[i + 1] += up_start[i];
    down_start[i + 1] += down_start[i];
  }
  up.assign(segments.size(), 0);
  down.assign(segments.size(), 0);
  std::vector<int> up_fill(up_start.begin(), up_start.end() - 1);
  std::vector<int> down_fill(down_start.begin(), down_start.end() - 1);
  for (const auto& [a, b] : segments) {
    down[down_fill[a]++] = b;
    up[up_fill[b]++] = a;
  }
}

LayeredGraph MakeLayeredGraph(const LayoutGraph& graph, const LayoutOptions& options) {
  LayeredGraph g;
  g.options = options;
  const bool sideways = options.rankdir == RankDir::kLR || options.rankdir == RankDir::kRL;
  g.num_real = static_cast<int>(graph.nodes.size());
  g.items.resize(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const LayoutNode& n = graph.nodes[i];
    LayeredItem& item = g.items[i];
    item.preset_rank = n.rank;
    item.width = sideways ? n.height : n.width;
    item.height = sideways ? n.width : n.height;
    // A cluster id out of range is treated as no cluster rather than trusted.
    item.cluster =
        n.cluster >= 0 && n.cluster < static_cast<int>(graph.clusters.size()) ? n.cluster : -1;
  }
  g.clusters = graph.clusters;
  g.cluster_depth.assign(graph.clusters.size(), 0);
  for (size_t c = 0; c < graph.clusters.size(); ++c) {
    int& parent = g.clusters[c].parent;
    // Parents precede children; anything else becomes a top-level cluster.
    if (parent >= static_cast<int>(c)) parent = -1;
    g.cluster_depth[c] = parent < 0 ? 0 : g.cluster_depth[parent] + 1;
  }
  const double m = options.cluster_margin;
  g.padding.resize(graph.clusters.size());
  for (size_t c = 0; c < graph.clusters.size(); ++c) {
    const LayoutCluster& cl = graph.clusters[c];
    const double label = cl.label_height > 0 ? cl.label_height : 0;
    ClusterPadding& p = g.padding[c];
    p.top = p.bottom = p.left = p.right = m;
    switch (options.rankdir) {
      case RankDir::kTB:
        p.top += label;
        p.min_width = cl.label_width;
        break;
      case RankDir::kBT:
        p.bottom += label;
        p.min_width = cl.label_width;
        break;
      case RankDir::kLR:
      case RankDir::kRL:
        p.left += label;
        break;
    }
  }
  g.edges.resize(graph.edges.size());
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const LayoutEdge& e = graph.edges[i];
    LayeredEdge& le = g.edges[i];
    le.from = le.tail = e.from;
    le.to = le.head = e.to;
    le.constraint = e.constraint;
    if (e.from == e.to) g.items[e.from].self_loop = true;
  }
  return g;
}

std::string LayeredGraphToDot(const LayeredGraph& g) {
  std::string out = "digraph layered {\n  node [shape=box];\n";
  std::vector<std::vector<int>> members(g.clusters.size() + 1);
  for (size_t i = 0; i < g.items.size(); ++i) members[g.items[i].cluster + 1].push_back(i);
  std::vector<std::vector<int>> children(g.clusters.size() + 1);
  for (size_t c = 0; c < g.clusters.size(); ++c) {
    children[g.clusters[c].parent + 1].push_back(static_cast<int>(c));
  }
  const auto name = [&](int v) { return (g.IsReal(v) ? "n" : "d") + std::to_string(v); };
  const auto write_item = [&](int v, const std::string& pad) {
    const LayeredItem& it = g.items[v];
    out += pad + name(v) + " [";
    if (!g.IsReal(v)) out += it.kind == ItemKind::kDummy ? "shape=point, " : "shape=plain, ";
    out += "width=" + Num(it.width / 72) + ", height=" + Num(it.height / 72);
    if (it.rank >= 0) out += ", rank=" + std::to_string(it.rank);
    if (it.order >= 0) out += ", order=" + std::to_string(it.order);
    if (!g.rank_top.empty()) out += ", pos=\"" + Num(it.x) + "," + Num(it.y) + "\"";
    out += "];\n";
  };
  // Iterative walk over the cluster tree (no recursion depth limit on deep nesting).
  std::vector<std::pair<int, size_t>> stack = {{-1, 0}};
  for (int v : members[0]) write_item(v, "  ");
  while (!stack.empty()) {
    auto& [slot, next] = stack.back();
    if (next < children[slot + 1].size()) {
      const int c = children[slot + 1][next++];
      const std::string pad(2 * (stack.size() + 1), ' ');
      out += std::string(2 * stack.size(), ' ') + "subgraph cluster_" + std::to_string(c) + " {\n";
      for (int v : members[c + 1]) write_item(v, pad);
      stack.emplace_back(c, 0);
    } else {
      if (slot >= 0) out += std::string(2 * (stack.size() - 1), ' ') + "}\n";
      stack.pop_back();
    }
  }
  if (!g.up_start.empty()) {
    for (size_t v = 0; v < g.items.size(); ++v) {
      for (int k = g.down_start[v]; k < g.down_start[v + 1]; ++k) {
        out += "  " + name(v) + " -> " + name(g.down[k]) + ";\n";
      }
    }
  } else {
    for (const LayeredEdge& e : g.edges) {
      out += "  " + name(e.tail) + " -> " + name(e.head);
      if (e.reversed) out += " [dir=back]";
      out += ";\n";
    }
  }
  out += "}\n";
  return out;
}

}  // namespace graphgen
