#include "render/tfevents/tfevents_output.h"

#include "render/tfevents/tfevents_writer.h"

namespace graphgen {

std::string_view TfEventsOutput::Name() const { return "tfevents"; }
std::string_view TfEventsOutput::Title() const { return "TensorBoard event file"; }
// No extension of its own: TensorBoard goes by "tfevents" anywhere in the name.
std::vector<std::string_view> TfEventsOutput::Extensions() const { return {}; }
bool TfEventsOutput::ClaimsFileName(std::string_view base) const {
  return base.find("tfevents") != std::string_view::npos;
}
std::string TfEventsOutput::FileNameWarning(std::string_view base) const {
  if (ClaimsFileName(base)) return "";
  return "TensorBoard reads only files whose name contains 'tfevents'";
}
OutputWriter::Input TfEventsOutput::NeedsInput() const { return Input::kGraph; }
bool TfEventsOutput::WritesToStdout() const { return false; }

StatusOr<OutputBytes> TfEventsOutput::Write(const OutputRequest& request) const {
  TfEventsOptions options;
  if (request.node_prefixes != nullptr) options.name_prefix = PrefixPerNode(*request.node_prefixes);
  options.wall_time = request.wall_time;
  options.writer = request.writer_name;
  options.provenance = request.provenance_text;
  OutputBytes out;
  out.bytes = WriteTfEventFile(*request.graph, options);
  return out;
}

// Event files carry their provenance as a text summary; --check does not read them back.
Metadata TfEventsOutput::ReadProvenance(const std::string& /*bytes*/) const { return {}; }

}  // namespace graphgen
