// SavedModel and MetaGraphDef to LayerGraph: choosing the MetaGraphDef (by tags) and the
// signatures to draw, then drawing what computes them (graphdef_model.h).
#ifndef IMPORTERS_TF_META_GRAPH_MODEL_H_
#define IMPORTERS_TF_META_GRAPH_MODEL_H_

#include "importers/importer.h"
#include "third_party/tensorflow/tf_graph.pb.h"

namespace graphgen {

// The MetaGraphDef whose tag set is options.tags (comma-separated, any order); without
// tags, the one tagged exactly "serve", else the first. The error lists the tag sets
// there are.
StatusOr<const tf::MetaGraphDef*> ChooseMetaGraph(const tf::SavedModel& model,
                                                  const ImportOptions& options);

// Draws the signature options.signature names ("all": every one, each its own cluster;
// empty: "serving_default", else the first). A MetaGraphDef without signatures is drawn
// whole, less its training and saving ops. `format` names the file format.
StatusOr<LayerGraph> ConvertMetaGraph(const tf::MetaGraphDef& meta, const std::string& format,
                                      const ImportOptions& options, Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_TF_META_GRAPH_MODEL_H_
