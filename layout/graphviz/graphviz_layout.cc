#include "layout/graphviz/graphviz_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace graphgen {
namespace {

constexpr double kPointsPerInch = 72.0;

std::string Inches(double points) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4f", points / kPointsPerInch);
  return buf;
}

std::string Points(double points) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", points);
  return buf;
}

// cgraph takes char*; every string we pass is our own, never from a model.
void Set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

// A label that reserves exactly width x height points and holds no text, so the
// reserved space is ours and not a font measurement.
std::string PlaceholderLabel(double width, double height) {
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                "CELLPADDING=\"0\"><TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"%d\" "
                "HEIGHT=\"%d\"></TD></TR></TABLE>",
                static_cast<int>(std::ceil(width)), static_cast<int>(std::ceil(height)));
  return buf;
}

struct GvcDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

}  // namespace

StatusOr<LayoutResult> GraphvizLayout::Layout(const LayoutGraph& graph,
                                              const LayoutOptions& options) const {
  // Graphviz reports through its own error channel; keep it off our stderr and read
  // agerrors() instead.
  agseterr(AGMAX);
  std::unique_ptr<GVC_t, GvcDeleter> gvc(gvContext());
  if (!gvc) return Internal("graphviz: could not create a context");

  Agraph_t* g = agopen(const_cast<char*>("G"), Agdirected, nullptr);
  Set(g, "rankdir", RankDirName(options.rankdir));
  Set(g, "nodesep", Inches(options.node_sep));
  Set(g, "ranksep", Inches(options.rank_sep));
  Set(g, "splines", "spline");
  Set(g, "ordering", "out");
  // The caller's ranks become each constraint edge's least length. Those ranks make every
  // such edge exactly as long as its least length, the shortest total dot's ranking can
  // reach, so dot (ranking the whole graph at once: newrank, not cluster by cluster)
  // returns them wherever the constraint edges connect the nodes.
  const bool ranked = RanksUsable(graph);
  if (ranked) Set(g, "newrank", "true");

  std::vector<Agraph_t*> clusters(graph.clusters.size());
  for (size_t i = 0; i < graph.clusters.size(); ++i) {
    const LayoutCluster& c = graph.clusters[i];
    Agraph_t* parent = c.parent >= 0 ? clusters[c.parent] : g;
    const std::string name = "cluster_" + std::to_string(i);
    clusters[i] = agsubg(parent, const_cast<char*>(name.c_str()), 1);
    Set(clusters[i], "margin", Points(options.cluster_margin));
    Set(clusters[i], "labeljust", "l");
    Set(clusters[i], "labelloc", "t");
    if (c.label_width > 0 && c.label_height > 0) {
      std::string html = PlaceholderLabel(c.label_width, c.label_height);
      char* label = agstrdup_html(g, const_cast<char*>(html.c_str()));
      agsafeset(clusters[i], const_cast<char*>("label"), label, const_cast<char*>(""));
      agstrfree(g, label);
    }
  }

  std::vector<Agnode_t*> nodes(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const LayoutNode& n = graph.nodes[i];
    const std::string name = "n" + std::to_string(i);
    nodes[i] = agnode(g, const_cast<char*>(name.c_str()), 1);
    Set(nodes[i], "shape", "box");
    Set(nodes[i], "fixedsize", "true");
    Set(nodes[i], "label", "");
    Set(nodes[i], "width", Inches(n.width));
    Set(nodes[i], "height", Inches(n.height));
    if (n.cluster >= 0) agsubnode(clusters[n.cluster], nodes[i], 1);
  }

  std::vector<Agedge_t*> edges(graph.edges.size());
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const LayoutEdge& e = graph.edges[i];
    edges[i] = agedge(g, nodes[e.from], nodes[e.to], nullptr, 1);
    if (!e.constraint) Set(edges[i], "constraint", "false");
    if (ranked && e.constraint && e.from != e.to) {
      Set(edges[i], "minlen", std::to_string(graph.nodes[e.to].rank - graph.nodes[e.from].rank));
    }
  }

  const int errors_before = agerrors();
  const bool laid_out = gvLayout(gvc.get(), g, "dot") == 0;
  if (!laid_out || agerrors() > errors_before) {
    const char* last = aglasterr();
    std::string message = "graphviz dot layout failed";
    if (last != nullptr && *last != '\0') message += std::string(": ") + last;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    if (laid_out) gvFreeLayout(gvc.get(), g);
    agclose(g);
    return Internal(message);
  }

  // dot puts the origin at the bottom left with y up; we want top left with y down.
  const boxf bb = GD_bb(g);
  const auto to_point = [&](pointf p) { return Point{p.x - bb.LL.x, bb.UR.y - p.y}; };
  const auto to_box = [&](boxf b) {
    return Box{b.LL.x - bb.LL.x, bb.UR.y - b.UR.y, b.UR.x - b.LL.x, b.UR.y - b.LL.y};
  };

  LayoutResult result;
  result.width = bb.UR.x - bb.LL.x;
  result.height = bb.UR.y - bb.LL.y;
  result.nodes.resize(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Point c = to_point(ND_coord(nodes[i]));
    const double w = ND_width(nodes[i]) * kPointsPerInch;
    const double h = ND_height(nodes[i]) * kPointsPerInch;
    result.nodes[i] = Box{c.x - w / 2, c.y - h / 2, w, h};
  }
  result.edges.resize(graph.edges.size());
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const splines* spl = ED_spl(edges[i]);
    if (spl == nullptr || spl->size < 1) continue;
    const bezier& bz = spl->list[0];
    EdgePath& path = result.edges[i];
    for (int k = 0; k < bz.size; ++k) path.points.push_back(to_point(bz.list[k]));
    if (bz.eflag) {
      path.has_arrow = true;
      path.arrow_tip = to_point(bz.ep);
    }
  }
  result.clusters.resize(graph.clusters.size());
  result.cluster_labels.resize(graph.clusters.size());
  for (size_t i = 0; i < graph.clusters.size(); ++i) {
    result.clusters[i] = to_box(GD_bb(clusters[i]));
    const textlabel_t* label = GD_label(clusters[i]);
    if (label != nullptr) {
      const double w = graph.clusters[i].label_width;
      const double h = graph.clusters[i].label_height;
      const Point c = to_point(label->pos);
      result.cluster_labels[i] = Box{c.x - w / 2, c.y - h / 2, w, h};
    }
  }
  gvFreeLayout(gvc.get(), g);
  agclose(g);
  return result;
}

}  // namespace graphgen
