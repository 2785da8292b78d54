// DOT as an output format: WriteDot behind the OutputWriter interface, and the provenance
// reader for its "// key: value" header.
#ifndef RENDER_DOT_DOT_OUTPUT_H_
#define RENDER_DOT_DOT_OUTPUT_H_

#include "render/output/output_writer.h"

namespace graphgen {

// "dot", ".dot" / ".gv": text, no layout (Graphviz lays it out again); the default on stdout.
class DotOutput : public OutputWriter {
 public:
  std::string_view Name() const override;
  std::string_view Title() const override;
  std::vector<std::string_view> Extensions() const override;
  Input NeedsInput() const override;
  bool WritesToStdout() const override;
  StatusOr<OutputBytes> Write(const OutputRequest& request) const override;
  Metadata ReadProvenance(const std::string& bytes) const override;
};

}  // namespace graphgen

#endif  // RENDER_DOT_DOT_OUTPUT_H_
