// Contracts the fuzz targets hold every input to, beyond "no sanitizer report": what an
// importer may return for strangers' bytes, and what a rendered SVG or DOT file may
// contain. A broken contract aborts, which libFuzzer and the replay tests report.
#ifndef FUZZ_FUZZ_CHECKS_H_
#define FUZZ_FUZZ_CHECKS_H_

#include <string>
#include <string_view>

#include "core/layer_graph.h"
#include "core/status.h"

namespace graphgen {
namespace fuzz {

// Prints `what` and aborts: a fuzz finding.
[[noreturn]] void Fail(const std::string& what);

// An import failure is kBadInput or kLimitExceeded with one non-empty line of valid
// UTF-8; a limit error names the flag that raises it.
void CheckImportError(const Status& status);

// Every id in `graph` points inside its vectors, scopes form a tree, names are UTF-8.
void CheckGraph(const LayerGraph& graph);

// No line of `text` (a text output in `format`) is longer than 1024 bytes.
void CheckLineLengths(std::string_view text, const char* format);

// `svg` has short lines and is one XML document built only of graphgen's own elements: every '<'
// starts a known tag, every '&' an entity, attribute values are quoted and hold no '<' or quote,
// and text holds no '>'. A model string that escaped XmlEscape breaks one of these.
void CheckSvg(std::string_view svg);

// `dot` has short lines and parses with Graphviz's own parser into exactly `nodes` nodes and
// `edges` edges: no model string ended a quoted string or added a statement.
void CheckDot(const std::string& dot, size_t nodes, size_t edges);

}  // namespace fuzz
}  // namespace graphgen

#endif  // FUZZ_FUZZ_CHECKS_H_
