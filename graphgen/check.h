// `--check`: whether a diagram on disk is byte for byte what graphgen would write now,
// and if not, one line saying why, read from the provenance the old file carries
// (graphgen version, model graph fingerprint, per-node hashes, picture options).
#ifndef GRAPHGEN_CHECK_H_
#define GRAPHGEN_CHECK_H_

#include <string>
#include <utility>
#include <vector>

#include "core/graph_hash.h"
#include "core/layer_graph.h"
#include "core/provenance.h"
#include "core/status.h"

namespace graphgen {

// The provenance (key, value) pairs found in a diagram graphgen wrote, in file order:
// SVG <graphgen:value> elements in <metadata> (or the <meta> elements older versions
// wrote), DOT "// key: value" header comments with their "//   " continuation lines, PNG
// tEXt chunks, the PDF Keywords entry, or an HTML page's <meta name="graphgen:key"> head
// entries. The format is recognised from the bytes. Empty when the file carries none (not
// graphgen's, or edited).
Metadata ReadProvenance(const std::string& bytes);

// The one-line reason `old_meta` (from the file on disk) differs from `new_meta` (what
// would be written now): "graphgen version changed (0.0.9 -> 0.1.0); model changed:
// 1 node added (fc2); options changed: rankdir TB -> LR". `graph` is the imported model
// (before passes) the new node hashes were computed from, for node names. Empty when
// every provenance entry is equal.
std::string DescribeProvenanceChange(const Metadata& old_meta, const Metadata& new_meta,
                                     const LayerGraph& graph);

// Compares the file at `path` with `bytes`. OK when identical; kStale with a message
// "stale: <why>" when different or missing; kOutputError when the file exists but cannot
// be read. Never writes.
Status CheckFile(const std::string& path, const std::string& bytes, const Metadata& new_meta,
                 const LayerGraph& graph);

}  // namespace graphgen

#endif  // GRAPHGEN_CHECK_H_
