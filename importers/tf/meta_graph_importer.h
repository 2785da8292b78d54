// TensorFlow MetaGraphDef files (.meta, written beside TF1 checkpoints), binary and text.
#ifndef IMPORTERS_TF_META_GRAPH_IMPORTER_H_
#define IMPORTERS_TF_META_GRAPH_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class MetaGraphBinaryImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow MetaGraphDef"; }
  std::vector<std::string_view> Extensions() const override { return {"meta"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

class MetaGraphTextImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow MetaGraphDef text"; }
  std::vector<std::string_view> Extensions() const override { return {"meta", "pbtxt"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_TF_META_GRAPH_IMPORTER_H_
