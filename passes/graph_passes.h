// The passes that are one call each into core or a small helper: control edges dropped,
// name scopes assigned, --layer-range. Their logic lives where it is shared (core's
// name_scopes, layer_range.h); these adapt it to the pass list.
#ifndef PASSES_GRAPH_PASSES_H_
#define PASSES_GRAPH_PASSES_H_

#include "passes/pass.h"

namespace graphgen {

// "drop-control-edges": --no-control-edges.
class DropControlEdgesPass : public Pass {
 public:
  std::string_view Name() const override { return "drop-control-edges"; }
  bool Enabled(const PassOptions& options) const override { return !options.control_edges; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

// "name-scopes": scopes from node names ("/encoder/down1/conv/Conv", "encoder.down1").
class NameScopesPass : public Pass {
 public:
  std::string_view Name() const override { return "name-scopes"; }
  bool Enabled(const PassOptions& /*options*/) const override { return true; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

// "layer-range": --layer-range START:END keeps only that span.
class LayerRangePass : public Pass {
 public:
  std::string_view Name() const override { return "layer-range"; }
  bool Enabled(const PassOptions& options) const override {
    return !options.range_start.empty() || !options.range_end.empty();
  }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_GRAPH_PASSES_H_
