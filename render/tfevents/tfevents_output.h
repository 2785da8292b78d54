// TensorBoard event files as an output format: WriteTfEventFile behind the OutputWriter
// interface.
#ifndef RENDER_TFEVENTS_TFEVENTS_OUTPUT_H_
#define RENDER_TFEVENTS_TFEVENTS_OUTPUT_H_

#include "render/output/output_writer.h"

namespace graphgen {

// "tfevents": a TensorBoard event file of the layer graph (not of the drawing). Any file
// whose name holds "tfevents" is one, as TensorBoard decides.
class TfEventsOutput : public OutputWriter {
 public:
  std::string_view Name() const override;
  std::string_view Title() const override;
  std::vector<std::string_view> Extensions() const override;
  bool ClaimsFileName(std::string_view base) const override;
  std::string FileNameWarning(std::string_view base) const override;
  Input NeedsInput() const override;
  bool WritesToStdout() const override;
  StatusOr<OutputBytes> Write(const OutputRequest& request) const override;
  Metadata ReadProvenance(const std::string& bytes) const override;
};

}  // namespace graphgen

#endif  // RENDER_TFEVENTS_TFEVENTS_OUTPUT_H_
