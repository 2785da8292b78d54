// SVG as an output format: RenderSvg behind the OutputWriter interface, and the provenance
// reader for the <metadata> block it writes.
#ifndef RENDER_SVG_SVG_OUTPUT_H_
#define RENDER_SVG_SVG_OUTPUT_H_

#include "render/output/output_writer.h"

namespace graphgen {

// "svg", ".svg": text, laid out.
class SvgOutput : public OutputWriter {
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

#endif  // RENDER_SVG_SVG_OUTPUT_H_
