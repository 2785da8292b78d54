// The pipeline a user runs: import -> passes -> diagram -> layout -> render -> write,
// each stage steered by its own options struct. The CLI fills a Config; main maps the
// returned Status to an exit code.
#ifndef GRAPHGEN_PIPELINE_H_
#define GRAPHGEN_PIPELINE_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/status.h"
#include "graphgen/config.h"

namespace graphgen {

// Runs the pipeline. Warnings and --verbose lines go to `err`, the summary to `out`.
// The returned Status's message starts with the file it is about. kCheck returns kStale
// ("OUTPUT: stale: why") when the output is not what would be written; kUpdate writes a
// stale output and says so on `out` ("graphgen: updated OUTPUT: why").
Status Run(const Config& config, FILE* out, FILE* err);

}  // namespace graphgen

#endif  // GRAPHGEN_PIPELINE_H_
