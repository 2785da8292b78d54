// The grouping's parts as TensorBoard name scopes: per node, its role and stage as the
// leading components of its GraphDef name ({"encoder", "stage2"}), so the Graphs tab shows
// Encoder / Bottleneck / Decoder boxes that hold the model's own scopes.
#ifndef RENDER_TFEVENTS_GROUP_SCOPES_H_
#define RENDER_TFEVENTS_GROUP_SCOPES_H_

#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "passes/grouping/grouping.h"

namespace graphgen {

// Per node of `graph` (the graph `grouping` was found on, GroupedModel::model's ids): the
// role's name, then "stage<k>" (k counted per role from 1, in flow order) when the role has
// more than one stage; empty for nodes of no role and for every node when nothing was
// found. Feed it to PrefixPerNode (tfevents_writer.h).
std::vector<std::vector<std::string>> GroupScopePrefixes(const LayerGraph& graph,
                                                         const Grouping& grouping);

}  // namespace graphgen

#endif  // RENDER_TFEVENTS_GROUP_SCOPES_H_
