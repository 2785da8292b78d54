// The ordered list of importers and the one entry point that picks among them.
#ifndef IMPORTERS_REGISTRY_H_
#define IMPORTERS_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

// Every importer, in the order they are tried. Explicit, no static registration: a new
// format is one line here.
std::vector<std::unique_ptr<Importer>> AllImporters();

// Reads the model at `path` with the first importer whose Sniff matches and whose Import
// succeeds. When none does, the error lists each candidate's reason. Messages do not
// name the file; the caller adds it.
StatusOr<LayerGraph> ImportModel(const std::string& path, const ImportOptions& options,
                                 Warnings* warnings);

// The same choice over a model already in memory: what ImportModel does after reading
// the file. Fuzz targets and tests feed strangers' bytes through here, so every importer
// in AllImporters() is covered as soon as it is listed.
StatusOr<LayerGraph> ImportModelFromBytes(const std::string& bytes, const ImportOptions& options,
                                          Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_REGISTRY_H_
