// The flag table: unique names, project-config keys for every flag that shapes a diagram,
// and the provenance text the table builds (what every committed diagram records).
#include "graphgen/flags.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

namespace graphgen {
namespace {

TEST(Flags, NamesAreUnique) {
  std::set<std::string> names;
  for (const Flag& flag : AllFlags()) {
    EXPECT_TRUE(names.insert(LongName(flag)).second) << flag.names;
    EXPECT_FALSE(flag.help.empty()) << flag.names;
  }
  EXPECT_EQ(LongName(AllFlags()[0]), "output");
}

// A flag that changes the picture (it writes provenance) can be set per diagram in
// graphgen.json, or `graphgen update` could not draw what the command line draws.
TEST(Flags, EveryFlagInTheProvenanceIsAProjectConfigKey) {
  for (const Flag& flag : AllFlags()) {
    if (flag.provenance != nullptr) EXPECT_TRUE(flag.in_project_config) << flag.names;
    if (flag.kind == FlagKind::kSwitch && flag.apply != nullptr) {
      EXPECT_EQ(flag.default_value, nullptr) << flag.names;
    }
  }
}

// Every number a flag takes is bounded (issue 21: --max-depth 2147483647 overflowed the
// arithmetic done with it): the extremes of int64 are refused with the flag's range.
TEST(Flags, EveryNumericFlagIsBounded) {
  for (const Flag& flag : AllFlags()) {
    if (flag.apply == nullptr) continue;
    if (flag.kind != FlagKind::kInt && flag.kind != FlagKind::kDouble) continue;
    for (const double extreme : {9.2e18, -9.2e18}) {
      Config c;
      FlagValue v;
      v.number = extreme > 0 ? INT64_MAX : INT64_MIN;
      v.real = extreme;
      const Status s = flag.apply(v, &c);
      EXPECT_FALSE(s.ok()) << flag.names << " takes " << extreme;
      EXPECT_NE(s.message().find(" to "), std::string::npos) << s.message();
    }
  }
  Config c;
  FlagValue v;
  v.number = 1000;
  for (const Flag& flag : AllFlags()) {
    if (LongName(flag) == "max-depth") {
      EXPECT_TRUE(flag.apply(v, &c).ok());
    }
  }
  EXPECT_EQ(c.import.max_nesting_depth, 1000);
}

TEST(Flags, DefaultProvenanceText) {
  EXPECT_EQ(OptionsText(Config()),
            "rankdir=TB show_shapes=1 show_dtype=0 show_layer_names=0 show_params=1 "
            "show_activations=0 show_trainable=0 show_constants=0 expand_nested=1 depth=auto "
            "fold=min3");
}

TEST(Flags, ApplyingFillsTheStageOptions) {
  Config c;
  for (const Flag& flag : AllFlags()) {
    FlagValue v;
    if (LongName(flag) == "fold") {
      v.text = "off";
    } else if (LongName(flag) == "depth") {
      v.text = "2";
    } else if (LongName(flag) == "rankdir") {
      v.text = "LR";
    } else if (LongName(flag) == "unfold") {
      v.texts = {"layer1", "a b"};
    } else if (LongName(flag) == "no-control-edges") {
      v.on = true;
    } else {
      continue;
    }
    ASSERT_TRUE(flag.apply(v, &c).ok()) << flag.names;
  }
  EXPECT_EQ(c.passes.fold_min, 0);
  EXPECT_EQ(c.passes.depth, 2);
  EXPECT_EQ(c.layout.rankdir, RankDir::kLR);
  EXPECT_FALSE(c.passes.control_edges);
  EXPECT_EQ(OptionsText(c),
            "rankdir=LR show_shapes=1 show_dtype=0 show_layer_names=0 show_params=1 "
            "show_activations=0 show_trainable=0 show_constants=0 expand_nested=1 depth=2 "
            "fold=off unfold=layer1 unfold=a b control_edges=0");
}

TEST(Flags, BadValuesNameTheFlag) {
  for (const Flag& flag : AllFlags()) {
    if (LongName(flag) != "fuse" && LongName(flag) != "max-file-mb") continue;
    FlagValue v;
    v.text = "maybe";
    v.number = 0;
    Config c;
    const Status s = flag.apply(v, &c);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("--" + LongName(flag)), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace graphgen
