// Which files under a folder are models: what the corpus test and the gallery benchmark
// walk. A name decides most (.onnx, frozen.pb, .pbtxt, .meta, a SavedModel folder); a .json
// is a model only when an importer's Sniff claims its first bytes, so data files beside
// models (truth.json, export_results.json) are not read as models.
#ifndef IMPORTERS_MODEL_FILES_H_
#define IMPORTERS_MODEL_FILES_H_

#include <string>
#include <vector>

namespace graphgen {

// Whether some importer claims the file's first 4 KiB.
bool SomeImporterSniffs(const std::string& path);

// The model files and SavedModel folders under `dir`, recursively, in name order; hidden
// names are skipped. Recursion is bounded (16 levels): a symlink loop ends.
std::vector<std::string> FindModelFiles(const std::string& dir);

}  // namespace graphgen

#endif  // IMPORTERS_MODEL_FILES_H_
