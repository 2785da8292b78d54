#include "diagram/diagram_builder.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/checked_math.h"
#include "core/name_scopes.h"
#include "core/op_table.h"
#include "core/text.h"
#include "diagram/conv_geometry.h"
#include "diagram/text_metrics.h"
#include "passes/fuse_chains/fuse_chains.h"

namespace graphgen {
namespace {

constexpr size_t kMaxShapeLines = 3;
constexpr size_t kMaxLabelBytes = 60;
constexpr int kMaxTooltipAttributes = 16;
constexpr double kMinNodeWidth = 56;
constexpr const char* kMutedText = "#555555";

// Soft fills for nested clusters, by nesting level, so nesting reads at a glance.
constexpr const char* kClusterFills[] = {"#f6f8fb", "#edf1f7", "#e4eaf2"};

// Group colours: fill, stroke, label colour; stages use the lighter fill.
struct GroupColours {
  const char* fill;
  const char* stage_fill;
  const char* stroke;
  const char* text;
};
// Hues kept away from the op fills (op_table.cc: blue convolutions, green pooling,
// orange activations), so a group never reads as an op category: indigo, ochre, teal.
constexpr GroupColours kEncoderColours{"#ecebfa", "#f7f6fd", "#6257b8", "#3d3391"};
constexpr GroupColours kBottleneckColours{"#f5efe1", "#fbf8f0", "#9c7a2e", "#6b4f12"};
constexpr GroupColours kDecoderColours{"#e2f3f0", "#f2faf8", "#2f8c7e", "#1c5c52"};

const GroupColours& ColoursOf(Role role) {
  switch (role) {
    case Role::kBottleneck:
      return kBottleneckColours;
    case Role::kDecoder:
      return kDecoderColours;
    default:
      return kEncoderColours;
  }
}

struct EdgeLook {
  const char* color;
  bool dashed;
  const char* legend;
};
EdgeLook LookOf(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kSkip:
      return {"#e8710a", true, "skip connection"};
    case EdgeKind::kMemory:
      return {"#8e44ad", true, "memory (cross-attention K/V)"};
    case EdgeKind::kState:
      return {"#c0392b", true, "state (RNN initial state)"};
    case EdgeKind::kMain:
      return {"#333333", false, "main path between groups"};
  }
  return {"#333333", false, ""};
}

constexpr const char* kControlColour = "#888888";
constexpr const char* kControlLegend = "control dependency";

std::string Clip(const std::string& s) { return Quote(s, kMaxLabelBytes); }

std::string TensorText(const Tensor& t, bool dtype) {
  std::string shape = FormatShape(t.type);
  if (dtype && t.type.dtype != DType::kUnknown) {
    return std::string(DTypeName(t.type.dtype)) + " " + shape;
  }
  return shape;
}

class Builder {
 public:
  Builder(const LayerGraph& graph, const RenderOptions& options, const Grouping* grouping,
          bool u_shape)
      : g_(graph), o_(options), gr_(grouping), u_shape_(u_shape && grouping != nullptr) {}

  Diagram Build() {
    ChooseClusters();
    for (size_t i = 0; i < g_.nodes.size(); ++i) AddNode(static_cast<int>(i));
    AddEdges();
    AddControlEdges();
    if (gr_ != nullptr || control_drawn_) AddLegend();
    if (u_shape_ && gr_ != nullptr && gr_->found) AssignURanks();
    return std::move(d_);
  }

 private:
  // A scope is drawn when it holds at least two drawn members, counting an undrawn
  // child scope's members as its own. Children have larger ids than their parents.
  void ChooseClusters() {
    const size_t n = g_.scopes.size();
    std::vector<int> members(n, 0);
    drawn_.assign(n, false);
    for (const Node& node : g_.nodes) ++members[node.scope];
    for (size_t s = n; s-- > 1;) {
      const Scope& scope = g_.scopes[s];
      drawn_[s] = members[s] >= 2 || (scope.kind != ScopeKind::kModule && members[s] >= 1);
      members[scope.parent] += drawn_[s] ? 1 : members[s];
    }
    std::vector<int> scope_stage(n, kUnset);
    if (gr_ != nullptr) {
      AddGroupClusters();
      // A scope is kept only inside one stage; one straddling stages is dropped.
      for (size_t i = 0; i < g_.nodes.size(); ++i) {
        const int st = StageOf(static_cast<int>(i));
        for (int s = g_.nodes[i].scope; s > 0; s = g_.scopes[s].parent) {
          if (scope_stage[s] == kUnset) {
            scope_stage[s] = st;
          } else if (scope_stage[s] != st) {
            scope_stage[s] = kMixed;
          }
        }
      }
      for (size_t s = 1; s < n; ++s) {
        if (scope_stage[s] == kMixed) drawn_[s] = false;
      }
    }
    cluster_of_scope_.assign(n, -1);
    for (size_t s = 1; s < n; ++s) {
      if (!drawn_[s]) continue;
      const int parent_scope = NearestDrawn(g_.scopes[s].parent);
      LayoutCluster cluster;
      cluster.parent =
          parent_scope > 0 ? cluster_of_scope_[parent_scope] : ClusterOfStage(scope_stage[s]);
      ClusterStyle style;
      style.label.text = Clip(RelativePath(static_cast<int>(s), parent_scope));
      style.label.size = o_.font_size * 0.95;
      style.label.bold = true;
      style.label.color = "#333333";
      style.tooltip = g_.scopes[s].path;
      if (!g_.scopes[s].tooltip.empty()) style.tooltip += "\n" + g_.scopes[s].tooltip;
      int level = 0;
      for (int c = cluster.parent; c >= 0; c = d_.graph.clusters[c].parent) ++level;
      if (g_.scopes[s].kind == ScopeKind::kSubgraph) {
        style.fill = "#fffaf3";
        style.stroke = "#c08a4a";
        style.dashed = true;
      } else if (g_.scopes[s].kind == ScopeKind::kRepeat) {
        style.label.text = RepeatLabel(g_.scopes[s]);
        style.tooltip = RepeatTooltip(g_.scopes[s]);
        style.fill = "#f3f0fa";
        style.stroke = "#7d6bb3";
        style.stacked = true;
      } else {
        style.fill = kClusterFills[level % 3];
        style.stroke = "#9aa5b1";
      }
      cluster.label_width =
          TextWidth(style.label.text, style.label.size, true) + 2 * kClusterLabelPadX;
      cluster.label_height = LineHeight(style.label.size) + 2;
      cluster_of_scope_[s] = static_cast<int>(d_.graph.clusters.size());
      d_.graph.clusters.push_back(cluster);
      d_.clusters.push_back(std::move(style));
    }
  }

  static constexpr int kUnset = -3;
  static constexpr int kMixed = -2;

  int StageOf(int node) const {
    if (gr_ == nullptr || node >= static_cast<int>(gr_->stage_of.size())) return -1;
    return gr_->stage_of[node];
  }

  // The innermost group cluster holding a stage's nodes; -1 for no stage.
  int ClusterOfStage(int stage) const {
    if (gr_ == nullptr || stage < 0) return -1;
    return stage_cluster_[stage];
  }

  ClusterStyle GroupStyle(const std::string& label, const GroupColours& c, bool stage) {
    ClusterStyle style;
    style.label.text = Clip(label);
    style.label.size = o_.font_size * (stage ? 0.95 : 1.15);
    style.label.bold = true;
    style.label.color = c.text;
    style.fill = stage ? c.stage_fill : c.fill;
    style.stroke = c.stroke;
    return style;
  }

  int PushCluster(int parent, ClusterStyle style) {
    LayoutCluster cluster;
    cluster.parent = parent;
    cluster.label_width =
        TextWidth(style.label.text, style.label.size, true) + 2 * kClusterLabelPadX;
    cluster.label_height = LineHeight(style.label.size) + 2;
    d_.graph.clusters.push_back(cluster);
    d_.clusters.push_back(std::move(style));
    return static_cast<int>(d_.graph.clusters.size()) - 1;
  }

  // Encoder, Bottleneck, Decoder, and a sub-cluster per stage where a group has several.
  void AddGroupClusters() {
    stage_cluster_.assign(gr_->stages.size(), -1);
    for (Role role : {Role::kEncoder, Role::kBottleneck, Role::kDecoder}) {
      std::vector<int> stages;
      for (size_t s = 0; s < gr_->stages.size(); ++s) {
        if (gr_->stages[s].role == role) stages.push_back(static_cast<int>(s));
      }
      if (stages.empty()) continue;
      std::string name = RoleName(role);
      name[0] = static_cast<char>(name[0] - 'a' + 'A');
      const GroupColours& colours = ColoursOf(role);
      // One stage shares its group's box and label; but the foot of a U keeps them apart,
      // so neither label is much wider than the column under it and the box can be
      // centred around what it holds (an edge enters it from above, left of centre).
      if (stages.size() == 1 && !(u_shape_ && role == Role::kBottleneck)) {
        const std::string& label = gr_->stages[stages[0]].label;
        ClusterStyle style = GroupStyle(name + "  \xC2\xB7  " + label, colours, false);
        style.tooltip = name + ": " + label;
        stage_cluster_[stages[0]] = PushCluster(-1, std::move(style));
        continue;
      }
      ClusterStyle style = GroupStyle(name, colours, false);
      style.tooltip = name + ": " + std::to_string(stages.size()) + " stages";
      const int group = PushCluster(-1, std::move(style));
      for (int s : stages) {
        ClusterStyle st = GroupStyle(gr_->stages[s].label, colours, true);
        st.tooltip = name + " stage " + gr_->stages[s].label;
        stage_cluster_[s] = PushCluster(group, std::move(st));
      }
    }
  }

  // --shape u: ranks for the layered engine so the U is symmetric. The encoder and
  // bottleneck (and what feeds them) go down as early as their inputs allow; the decoder,
  // whose edges already run backwards, climbs as late as its successors allow, except
  // that a node reading a skip sits one rank below the skip's source, so each decoder
  // stage faces the encoder stage of its resolution and the skip runs across. The
  // bottleneck starts a rank below the encoder's foot, under the decoder's first node too,
  // and its cluster is marked to be centred: alone on its ranks, it can sit midway. Nothing
  // is set when the ranks would break an edge; the engine then ranks the graph itself.
  void AssignURanks() {
    LayoutGraph& lg = d_.graph;
    const int n = static_cast<int>(lg.nodes.size());
    std::vector<std::vector<int>> succ(n), pred(n);
    std::vector<int> indeg(n, 0);
    for (const LayoutEdge& e : lg.edges) {
      if (!e.constraint || e.from == e.to) continue;
      succ[e.from].push_back(e.to);
      pred[e.to].push_back(e.from);
      ++indeg[e.to];
    }
    std::vector<int> topo;
    for (int v = 0; v < n; ++v) {
      if (indeg[v] == 0) topo.push_back(v);
    }
    for (size_t i = 0; i < topo.size(); ++i) {
      for (int w : succ[topo[i]]) {
        if (--indeg[w] == 0) topo.push_back(w);
      }
    }
    if (static_cast<int>(topo.size()) != n) return;  // a cycle: leave it to the engine
    // The spine: encoder and bottleneck nodes and everything above them.
    std::vector<bool> spine(n, false);
    for (int v = 0; v < n; ++v) {
      const Role r = RoleOf(v);
      spine[v] = r == Role::kEncoder || r == Role::kBottleneck;
    }
    for (size_t i = topo.size(); i-- > 0;) {
      const int v = topo[i];
      for (int w : succ[v]) spine[v] = spine[v] || (spine[w] && RoleOf(v) != Role::kDecoder);
    }
    // Nodes that reach the spine climb as late as allowed; the rest hang below their
    // predecessors.
    std::vector<bool> reaches(n, false);
    for (size_t i = topo.size(); i-- > 0;) {
      const int v = topo[i];
      for (int w : succ[v]) reaches[v] = reaches[v] || spine[w] || reaches[w];
    }
    // A decoder stage longer than its encoder stage would push its skip reader above the
    // skip's source; a gap after that source (one more rank on the way down) makes room.
    std::vector<int> gap(n, 0);
    std::vector<int> rank(n, 0);
    for (size_t round = 0; round <= skip_edges_.size(); ++round) {
      std::fill(rank.begin(), rank.end(), 0);
      for (int v : topo) {
        if (!spine[v]) continue;
        for (int p : pred[v]) {
          const int drop = RoleOf(v) == Role::kBottleneck && RoleOf(p) == Role::kEncoder ? 2 : 1;
          rank[v] = std::max(rank[v], rank[p] + drop + gap[p]);
        }
      }
      std::vector<int> anchor(n, std::numeric_limits<int>::max());
      std::vector<int> anchor_src(n, -1);
      for (size_t e : skip_edges_) {
        const LayoutEdge& edge = lg.edges[e];
        if (spine[edge.from] && !spine[edge.to] && rank[edge.from] + 1 < anchor[edge.to]) {
          anchor[edge.to] = rank[edge.from] + 1;
          anchor_src[edge.to] = edge.from;
        }
      }
      bool widened = false;
      for (size_t i = topo.size(); i-- > 0;) {
        const int v = topo[i];
        if (spine[v] || !reaches[v]) continue;
        int r = std::numeric_limits<int>::max();
        for (int w : succ[v]) {
          if (spine[w] || reaches[w]) r = std::min(r, rank[w] - 1);
        }
        if (r < anchor[v] && anchor_src[v] >= 0 && !widened) {
          gap[anchor_src[v]] += anchor[v] - r;
          widened = true;
        }
        rank[v] = std::min(r, anchor[v]);
      }
      if (!widened) break;
    }
    // The decoder's first nodes (fed only by the bottleneck) sit right below the stage
    // they open; the long edge from the floor is the bottom of the U.
    for (int v : topo) {
      if (spine[v] || !reaches[v] || pred[v].empty()) continue;
      bool only_spine = true;
      for (int w : succ[v]) only_spine = only_spine && spine[w];
      if (!only_spine) continue;
      int r = std::numeric_limits<int>::min();
      for (int p : pred[v]) r = std::max(r, rank[p] + 1);
      rank[v] = r;
    }
    // The model's inputs start level with its outputs, so the U opens at the top with
    // the input on the left (the engine orders sources of the first rank by id).
    const int top = *std::min_element(rank.begin(), rank.end());
    for (int v = 0; v < n; ++v) {
      if (spine[v] && pred[v].empty() && lg.nodes[v].cluster < 0) rank[v] = top;
    }
    for (int v : topo) {
      if (spine[v] || reaches[v]) continue;
      rank[v] = 0;
      bool first = true;
      for (int p : pred[v]) {
        rank[v] = first ? rank[p] + 1 : std::max(rank[v], rank[p] + 1);
        first = false;
      }
    }
    const int lo = *std::min_element(rank.begin(), rank.end());
    for (int v = 0; v < n; ++v) lg.nodes[v].rank = rank[v] - lo;
    // Ranks the engines would not keep are dropped here, so no cluster is marked for a U
    // that is not drawn.
    if (!RanksUsable(lg)) {
      for (int v = 0; v < n; ++v) lg.nodes[v].rank = -1;
      return;
    }
    // The foot of the U: the bottleneck midway between the encoder it leaves and the
    // decoder it enters.
    for (size_t s = 0; s < gr_->stages.size(); ++s) {
      if (gr_->stages[s].role != Role::kBottleneck || stage_cluster_[s] < 0) continue;
      int c = stage_cluster_[s];
      while (lg.clusters[c].parent >= 0) c = lg.clusters[c].parent;
      lg.clusters[c].centre = true;
    }
  }

  void AddLegend() {
    NodeStyle style;
    style.id = "legend";
    style.shape = NodeShape::kLegend;
    style.fill = "#ffffff";
    style.stroke = "#bbbbbb";
    style.tooltip = "legend";
    for (Role role : {Role::kEncoder, Role::kBottleneck, Role::kDecoder}) {
      if (gr_ == nullptr) break;
      bool present = false;
      for (const Stage& st : gr_->stages) present = present || st.role == role;
      if (!present) continue;
      std::string name = RoleName(role);
      name[0] = static_cast<char>(name[0] - 'a' + 'A');
      // Drawn as the group's cluster is: its fill, border and bold label colour.
      LegendEntry entry{name, false, ColoursOf(role).fill, ColoursOf(role).stroke, false};
      entry.text_color = ColoursOf(role).text;
      entry.bold = true;
      style.legend.push_back(std::move(entry));
    }
    for (EdgeKind kind : {EdgeKind::kSkip, EdgeKind::kMemory, EdgeKind::kState}) {
      if (gr_ == nullptr) break;
      bool present = false;
      for (const TypedEdge& e : gr_->edges) present = present || e.kind == kind;
      if (!present) continue;
      const EdgeLook look = LookOf(kind);
      style.legend.push_back({look.legend, true, "#ffffff", look.color, look.dashed});
    }
    if (control_drawn_) {
      style.legend.push_back(
          {kControlLegend, true, "#ffffff", kControlColour, false, /*dotted=*/true});
    }
    double width = 0;
    for (const LegendEntry& e : style.legend) width = std::max(width, TextWidth(e.text, 9, e.bold));
    LayoutNode box;
    box.width = width + 22 + 2 * 6 + 4;
    box.height = style.legend.size() * (LineHeight(9) + 3) + 2 * 6;
    d_.graph.nodes.push_back(box);
    d_.nodes.push_back(std::move(style));
  }

  // "layers ×12 · 1×197×768 · 85M params": what the run is, the tensor threading
  // through it (in → out when the run changes it), and the whole run's parameters.
  static std::string RepeatLabel(const Scope& scope) {
    const RepeatInfo& r = scope.repeat;
    // Room for a name by op types and "×N (widths vary)".
    std::string label = Quote(scope.name, 72);
    if (!r.shape_in.empty() && r.shape_in != "?") {
      label += " \xC2\xB7 " + Quote(r.shape_in, 32);
      if (r.shape_out != r.shape_in) label += " \xE2\x86\x92 " + Quote(r.shape_out, 32);
    }
    if (r.params > 0) label += " \xC2\xB7 " + HumanCount(r.params) + " params";
    return label;
  }

  static std::string RepeatTooltip(const Scope& scope) {
    const RepeatInfo& r = scope.repeat;
    return scope.path + "\n" + std::to_string(r.repeats) + " identical blocks of " +
           std::to_string(r.block_ops) +
           " ops, drawn once (--fold off draws each)\nparams: " + GroupedCount(r.params);
  }

  int NearestDrawn(int s) const {
    while (s > 0 && !drawn_[s]) s = g_.scopes[s].parent;
    return s;
  }

  // The scope's path below its drawn ancestor: "down1", or "encoder/down1" when the
  // encoder scope itself is not drawn.
  std::string RelativePath(int s, int ancestor) const {
    std::string path;
    for (int c = s; c > 0 && c != ancestor; c = g_.scopes[c].parent) {
      path = g_.scopes[c].name + (path.empty() ? "" : "/" + path);
    }
    return path;
  }

  // The node's name without the scope components its cluster already shows.
  std::string NameInCluster(const Node& node, int scope) const {
    std::vector<std::string> parts = ScopeComponents(node.name);
    int shown = 0;
    for (int s = NearestDrawn(scope); s > 0; s = g_.scopes[s].parent) {
      if (g_.scopes[s].kind == ScopeKind::kModule) {
        ++shown;
      } else if (g_.scopes[s].kind == ScopeKind::kRepeat) {
        shown += g_.scopes[s].repeat.replaces_block_scope ? 1 : 0;
      } else {
        break;
      }
    }
    if (shown == 0 || static_cast<size_t>(shown) > parts.size()) return node.name;
    std::string leaf = node.name;
    const size_t cut = leaf.find_last_of(node.name.find('/') != std::string::npos ? '/' : '.');
    if (cut != std::string::npos) leaf = leaf.substr(cut + 1);
    std::string out;
    for (size_t i = static_cast<size_t>(shown); i < parts.size(); ++i) out += parts[i] + "/";
    return out + leaf;
  }

  void AddNode(int id) {
    const Node& node = g_.nodes[id];
    const double small = o_.font_size * 0.9;
    NodeStyle style;
    style.id = "node" + std::to_string(id);
    style.node = id;
    OpCategory category = CategoryOf(node.op_type);
    if (node.kind == NodeKind::kInput || node.kind == NodeKind::kOutput) {
      category = OpCategory::kIO;
      style.shape = NodeShape::kPill;
    } else if (node.kind == NodeKind::kGroup) {
      category = OpCategory::kGroup;
      style.shape = NodeShape::kStackedBox;
    }
    const CategoryStyle& cs = StyleOf(category);
    style.fill = cs.fill;
    style.stroke = cs.stroke;
    style.category = cs.name;

    // "MultiHeadAttention · 12 heads": what an op pattern read off the ops it holds.
    const std::string title =
        ChainLabel(node) + (node.detail.empty() ? "" : " \xC2\xB7 " + node.detail);
    style.lines.push_back({Clip(title), o_.font_size, true, "#000000"});
    const bool io = node.kind == NodeKind::kInput || node.kind == NodeKind::kOutput;
    if (io) {
      style.lines.push_back({Clip(node.name), small, false, "#000000"});
    } else if (node.kind == NodeKind::kGroup) {
      // A collapsed scope that swallowed a folded run stands for its copies: say how many,
      // since no run frame around it does.
      const std::string ops = GroupedCount(node.op_count) + " ops";
      style.lines.push_back(
          {Unframed(node) ? std::to_string(node.copies) + " \xC3\x97 " + ops : ops, small, false,
           kMutedText});
    } else if (o_.show_layer_names && !node.name.empty()) {
      style.lines.push_back({Clip(NameInCluster(node, node.scope)), small, false, kMutedText});
    }
    // "3×3 /2": a 1×1 and a 3×3 convolution do not look the same.
    if (const std::string geometry = ConvGeometry(g_, node); !geometry.empty()) {
      style.lines.push_back({Clip(geometry), small, false, "#000000"});
    }
    if (o_.show_shapes) {
      // Inputs show what they produce; outputs what they receive.
      const std::vector<int>& tensors = node.kind == NodeKind::kOutput ? node.inputs : node.outputs;
      size_t shown = 0;
      for (int t : tensors) {
        const Tensor& tensor = g_.tensors[t];
        if (!tensor.type.rank_known && tensor.type.dtype == DType::kUnknown) continue;
        if (shown == kMaxShapeLines) {
          style.lines.push_back(
              {"+" + std::to_string(tensors.size() - shown) + " more", small, false, kMutedText});
          break;
        }
        style.lines.push_back({Clip(TensorText(tensor, o_.show_dtype)), small, false, "#000000"});
        ++shown;
      }
    }
    if (o_.show_activations && !node.activation.empty()) {
      style.lines.push_back({Clip("activation: " + node.activation), small, false, kMutedText});
    }
    if (o_.show_params && node.params > 0) {
      // Inside a run's frame a box shows one copy (the frame gives the run's total);
      // unframed copies show the total, so the picture always adds up to the model's.
      const int64_t params = Unframed(node) ? SaturatingMul(node.params, node.copies) : node.params;
      style.lines.push_back({HumanCount(params) + " params", small, false, kMutedText});
    }
    if (o_.show_trainable && !io) {
      style.lines.push_back(
          {node.params > 0 ? "trainable: Y" : "trainable: N", small, false, kMutedText});
    }
    style.tooltip = Tooltip(node);

    LayoutNode box;
    double width = 0;
    double height = 2 * kNodePadY;
    for (const TextLine& line : style.lines) {
      width = std::max(width, TextWidth(line.text, line.size, line.bold));
      height += LineHeight(line.size);
    }
    box.width = std::max(kMinNodeWidth, width + 2 * kNodePadX);
    if (style.shape == NodeShape::kPill) box.width += height / 2;
    if (style.shape == NodeShape::kStackedBox) {
      box.width += 3;
      height += 3;
    }
    box.height = height;
    const int scope = NearestDrawn(node.scope);
    box.cluster = scope > 0 ? cluster_of_scope_[scope] : ClusterOfStage(StageOf(id));
    d_.graph.nodes.push_back(box);
    d_.nodes.push_back(std::move(style));
  }

  // Whether the node stands for several copies that no drawn run frame (kRepeat scope
  // around it) accounts for: a scope collapsed with a folded run inside it.
  bool Unframed(const Node& node) const {
    if (node.copies <= 1) return false;
    for (int s = node.scope; s > 0; s = g_.scopes[s].parent) {
      if (g_.scopes[s].kind == ScopeKind::kRepeat) return false;
    }
    return true;
  }

  std::string Tooltip(const Node& node) const {
    std::string tip = node.name.empty() ? node.op_type : node.name;
    if (node.kind == NodeKind::kOp) {
      tip += "\nop: " + node.op_type + (node.domain.empty() ? "" : " (" + node.domain + ")");
      if (!node.detail.empty()) tip += " \xC2\xB7 " + node.detail;
    } else if (node.kind == NodeKind::kGroup) {
      tip += "\n" + GroupedCount(node.op_count) + " ops collapsed (--depth)";
      if (node.copies > 1) tip += ", in each of " + std::to_string(node.copies) + " blocks";
    }
    int shown = 0;
    for (const Attribute& a : node.attributes) {
      if (shown++ == kMaxTooltipAttributes) {
        tip += "\n...";
        break;
      }
      tip += "\n" + a.name + ": " + a.value;
    }
    // The ops an op pattern drew as this box, in model order: what the file wrote.
    if (!node.pattern_ops.empty()) {
      tip += "\nholds " + std::to_string(node.pattern_ops.size()) +
             (node.pattern_ops.size() == 1 ? " op:" : " ops:");
    }
    for (size_t p = 0; p < node.pattern_ops.size(); ++p) {
      if (p == static_cast<size_t>(kMaxTooltipAttributes)) {
        tip += "\n  ... " + std::to_string(node.pattern_ops.size() - p) + " more";
        break;
      }
      const FusedOp& op = node.pattern_ops[p];
      tip += "\n  " + op.op_type + (op.name.empty() ? "" : " " + op.name);
    }
    // Shape computations folded into the op (--show-plumbing draws them).
    if (!node.shape_ops.empty()) {
      tip += "\nshape from:";
      for (size_t p = 0; p < node.shape_ops.size(); ++p) {
        if (p == static_cast<size_t>(kMaxTooltipAttributes)) {
          tip += " ... " + std::to_string(node.shape_ops.size() - p) + " more";
          break;
        }
        tip += std::string(p == 0 ? " " : ", ") + node.shape_ops[p].op_type;
      }
    }
    // Fused ops (--fuse), in chain order, after the head's own attributes.
    for (size_t f = 0; f < node.fused.size(); ++f) {
      if (f == static_cast<size_t>(kMaxTooltipAttributes)) {
        tip += "\n+ " + std::to_string(node.fused.size() - f) + " more";
        break;
      }
      const FusedOp& op = node.fused[f];
      tip += "\n+ " + op.op_type + (op.name.empty() ? "" : " " + op.name) +
             (op.weight ? " (weight)" : "");
    }
    for (int t : node.outputs) {
      tip += "\n\xE2\x86\x92 " + Quote(g_.tensors[t].name) + ": " + TensorText(g_.tensors[t], true);
    }
    if (node.params > 0) tip += "\nparams: " + GroupedCount(node.params);
    return tip;
  }

  Role RoleOf(int node) const {
    if (gr_ == nullptr || node >= static_cast<int>(gr_->roles.size())) return Role::kNone;
    return gr_->roles[node];
  }

  void AddEdges() {
    std::map<std::pair<int, int>, EdgeKind> kinds;  // (tensor, consumer) -> kind
    if (gr_ != nullptr) {
      for (const TypedEdge& e : gr_->edges) kinds.emplace(std::make_pair(e.tensor, e.to), e.kind);
    }
    for (size_t t = 0; t < g_.tensors.size(); ++t) {
      const Tensor& tensor = g_.tensors[t];
      if (tensor.producer < 0) continue;
      // A set: one tensor can have 200,000 readers (issue 21), and a list made this
      // quadratic.
      std::set<int> done;
      for (int c : tensor.consumers) {
        if (!done.insert(c).second) continue;
        LayoutEdge edge{tensor.producer, c, true};
        EdgeStyle style;
        style.tooltip = Quote(tensor.name) + ": " + TensorText(tensor, true);
        style.tensor = static_cast<int>(t);
        const auto kind = kinds.find(std::make_pair(static_cast<int>(t), c));
        if (kind != kinds.end()) {
          const EdgeLook look = LookOf(kind->second);
          style.color = look.color;
          style.dashed = look.dashed;
          style.width = kind->second == EdgeKind::kMain ? 1.6 : 1.5;
          if (kind->second == EdgeKind::kSkip) skip_edges_.push_back(d_.graph.edges.size());
          if (kind->second != EdgeKind::kMain) {
            style.label = Clip(FormatShape(tensor.type));
            style.kind = EdgeKindName(kind->second);
            style.tooltip = style.kind + " " + style.tooltip;
            // Across the U a skip must not pull ranks, or the decoder cannot climb.
            if (u_shape_) edge.constraint = false;
          }
        }
        if (u_shape_ && edge.constraint) {
          // The decoder climbs: every edge that ends in it (or leaves it for the
          // output) runs backwards in the layout.
          const Role to = RoleOf(c);
          const Role from = RoleOf(tensor.producer);
          if (to == Role::kDecoder || (from == Role::kDecoder && to == Role::kNone)) {
            std::swap(edge.from, edge.to);
            style.reversed = true;
          }
        }
        d_.graph.edges.push_back(edge);
        d_.edges.push_back(std::move(style));
      }
    }
    for (const auto& [owner, body] : g_.nesting_edges) {
      d_.graph.edges.push_back(LayoutEdge{owner, body, true});
      EdgeStyle style;
      style.color = "#c08a4a";
      style.dashed = true;
      style.tooltip = "subgraph of " + Quote(g_.DisplayName(owner));
      style.kind = "subgraph";
      d_.edges.push_back(std::move(style));
    }
  }

  // Control dependencies, dotted and grey like TensorBoard's: they order ops and rank
  // like any edge, but carry no tensor. One that repeats a drawn data edge says nothing
  // more and is left out.
  void AddControlEdges() {
    // Most models (every ONNX one) have none: skip indexing every data edge.
    if (g_.control_edges.empty()) return;
    const int n = static_cast<int>(g_.nodes.size());
    std::set<std::pair<int, int>> drawn;
    for (const Tensor& tensor : g_.tensors) {
      if (tensor.producer < 0) continue;
      for (int c : tensor.consumers) drawn.emplace(tensor.producer, c);
    }
    for (const auto& [from, to] : g_.control_edges) {
      if (from < 0 || from >= n || to < 0 || to >= n || from == to) continue;
      if (!drawn.emplace(from, to).second) continue;
      LayoutEdge edge{from, to, true};
      // Across a U the decoder's edges run backwards; an ordering edge must not pull.
      if (u_shape_) edge.constraint = false;
      EdgeStyle style;
      style.color = kControlColour;
      style.dotted = true;
      style.kind = "control";
      style.tooltip = "control dependency: " + Quote(g_.DisplayName(to)) + " runs after " +
                      Quote(g_.DisplayName(from));
      d_.graph.edges.push_back(edge);
      d_.edges.push_back(std::move(style));
      control_drawn_ = true;
    }
  }

  const LayerGraph& g_;
  const RenderOptions& o_;
  const Grouping* gr_;
  const bool u_shape_;
  std::vector<size_t> skip_edges_;  // layout edges typed skip
  std::vector<int> stage_cluster_;  // per grouping stage: its cluster
  Diagram d_;
  std::vector<bool> drawn_;
  std::vector<int> cluster_of_scope_;
  bool control_drawn_ = false;  // a control edge was drawn: the legend explains dots
};

}  // namespace

Diagram BuildDiagram(const LayerGraph& graph, const RenderOptions& options) {
  return Builder(graph, options, nullptr, false).Build();
}

Diagram BuildDiagram(const LayerGraph& graph, const RenderOptions& options,
                     const Grouping* grouping, bool u_shape) {
  if (grouping != nullptr && !grouping->found) grouping = nullptr;
  return Builder(graph, options, grouping, u_shape).Build();
}

}  // namespace graphgen
