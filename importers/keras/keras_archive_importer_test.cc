// .keras archives: the same boxes as the model JSON they hold, and one clear line for an
// archive that is no model.
#include "importers/keras/keras_archive_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/file_io.h"
#include "importers/keras/keras_json_importer.h"
#include "importers/registry.h"

namespace graphgen {
namespace {

std::string Bytes(const std::string& path) {
  auto bytes = ReadFile(path, int64_t{1} << 24);
  EXPECT_TRUE(bytes.ok()) << path << ": " << bytes.status().message();
  return bytes.ok() ? *bytes : "";
}

// Each node as "kind op name", and each edge, in model order.
std::vector<std::string> Boxes(const LayerGraph& g) {
  std::vector<std::string> out;
  for (const Node& n : g.nodes) {
    out.push_back(std::to_string(static_cast<int>(n.kind)) + " " + n.op_type + " " + n.name + " " +
                  std::to_string(n.params));
  }
  for (const Tensor& t : g.tensors) {
    for (int c : t.consumers) out.push_back(std::to_string(t.producer) + "->" + std::to_string(c));
  }
  return out;
}

TEST(KerasArchive, DrawsWhatItsConfigJsonDraws) {
  for (const char* model : {"keras3_functional", "functional_nested"}) {
    SCOPED_TRACE(model);
    Warnings warnings;
    const std::string archive = Bytes(std::string("fixtures/keras/") + model + ".keras");
    ASSERT_TRUE(KerasArchiveImporter().Sniff(archive.substr(0, 4096)).match);
    auto from_zip = ImportModelFromBytes(archive, ImportOptions(), &warnings);
    ASSERT_TRUE(from_zip.ok()) << from_zip.status().message();
    EXPECT_EQ(from_zip->format, "Keras archive");
    auto from_json = KerasJsonImporter().Import(
        Bytes(std::string("fixtures/keras/") + model + ".json"), ImportOptions(), &warnings);
    ASSERT_TRUE(from_json.ok()) << from_json.status().message();
    EXPECT_EQ(Boxes(*from_zip), Boxes(*from_json));
    EXPECT_FALSE(from_zip->nodes.empty());
  }
}

TEST(KerasArchive, OtherZipsAreNotClaimed) {
  const KerasArchiveImporter importer;
  // PyTorch's .pt is a zip too.
  const std::string pt =
      std::string("PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 26) +
      std::string("\x10\0\0\0", 4) + "archive/data.pkl";
  EXPECT_FALSE(importer.Sniff(pt).match);
  EXPECT_FALSE(importer.Sniff("{\"class_name\": \"Functional\"}").match);
}

TEST(KerasArchive, BrokenArchivesAreOneClearError) {
  Warnings warnings;
  const KerasArchiveImporter importer;
  auto none =
      importer.Import(Bytes("fixtures/hostile/keras_no_config.keras"), ImportOptions(), &warnings);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "the archive has no config.json");
  auto cut =
      importer.Import(Bytes("fixtures/hostile/keras_truncated.keras"), ImportOptions(), &warnings);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(cut.status().message().rfind("not a readable zip (", 0), 0u) << cut.status().message();
  // config.json is read in chunks up to the file-size limit, whatever it declares.
  ImportOptions small;
  small.max_file_bytes = 64;
  auto big = importer.Import(Bytes("fixtures/keras/keras3_functional.keras"), small, &warnings);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(big.status().message(),
            "config.json inflates to more than the limit of 64 bytes (raise it with "
            "--max-file-mb)");
}

}  // namespace
}  // namespace graphgen
