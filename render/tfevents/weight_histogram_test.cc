#include "render/tfevents/weight_histogram.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "render/tfevents/tfevents_writer.h"
#include "render/tfevents/tfrecord.h"

namespace graphgen {
namespace {

double BucketSum(const tf::HistogramProto& p) {
  double sum = 0;
  for (double b : p.bucket()) sum += b;
  return sum;
}

TEST(DefaultHistogramEdges, TensorFlowsDefaultRule) {
  const std::vector<double> edges = DefaultHistogramEdges();
  ASSERT_EQ(edges.size(), 1551u);
  EXPECT_EQ(edges.front(), -DBL_MAX);
  EXPECT_EQ(edges.back(), DBL_MAX);
  EXPECT_EQ(edges[775], 0.0);
  EXPECT_EQ(edges[776], 1.0e-12);
  EXPECT_DOUBLE_EQ(edges[777], 1.1e-12);
  for (size_t i = 1; i < edges.size(); ++i) {
    EXPECT_LT(edges[i - 1], edges[i]);
    EXPECT_EQ(edges[i], -edges[edges.size() - 1 - i]);
  }
}

TEST(WeightHistogram, CountsSumToTheElementsAndBinsRepeat) {
  WeightHistogram a, b;
  int64_t n = 0;
  for (int i = -500; i <= 500; ++i) {
    const double v = std::sin(i * 0.37) * (i % 7 == 0 ? 10.0 : 0.05);
    a.Add(v);
    b.Add(v);
    ++n;
  }
  for (double odd :
       {0.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), DBL_MAX}) {
    a.Add(odd);
    b.Add(odd);
    ++n;
  }
  EXPECT_EQ(a.count(), n);
  tf::HistogramProto pa, pb;
  a.ToProto(&pa);
  b.ToProto(&pb);
  EXPECT_EQ(pa.num(), static_cast<double>(n));
  EXPECT_EQ(BucketSum(pa), static_cast<double>(n));
  EXPECT_EQ(SerializeDeterministically(pa), SerializeDeterministically(pb));
  ASSERT_EQ(pa.bucket_size(), pa.bucket_limit_size());
  for (int i = 1; i < pa.bucket_limit_size(); ++i) {
    EXPECT_LT(pa.bucket_limit(i - 1), pa.bucket_limit(i));
  }
  EXPECT_EQ(pa.min(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(pa.max(), std::numeric_limits<double>::infinity());
}

TEST(WeightHistogram, ValueLandsBelowItsUpperEdgeAndEmptyRunsMerge) {
  WeightHistogram h;
  h.Add(0.5);
  h.Add(0.5);
  h.Add(-2.0);
  tf::HistogramProto p;
  h.ToProto(&p);
  EXPECT_EQ(p.min(), -2.0);
  EXPECT_EQ(p.max(), 0.5);
  EXPECT_EQ(p.sum(), -1.0);
  EXPECT_EQ(p.sum_squares(), 4.5);
  const std::vector<double> edges = DefaultHistogramEdges();
  // Non-empty buckets end at the first edge above their value; empty runs between merge.
  std::vector<double> counts, limits;
  for (int i = 0; i < p.bucket_size(); ++i) {
    if (p.bucket(i) > 0) {
      counts.push_back(p.bucket(i));
      limits.push_back(p.bucket_limit(i));
    }
  }
  ASSERT_EQ(counts, std::vector<double>({1, 2}));
  EXPECT_GT(limits[0], -2.0);
  EXPECT_LE(limits[0] * 1.1, -2.0);  // the bucket below it starts at or below -2
  EXPECT_GT(limits[1], 0.5);
  EXPECT_LE(limits[1] / 1.1, 0.5);
  EXPECT_LE(p.bucket_size(), 5);  // empty, -2, empty, 0.5, empty to DBL_MAX

  WeightHistogram empty;
  empty.ToProto(&p);
  EXPECT_EQ(p.num(), 0);
  ASSERT_EQ(p.bucket_size(), 1);
  EXPECT_EQ(p.bucket_limit(0), DBL_MAX);
}

TEST(WriteTfEventFile, HistogramsFollowTheGraphInOneSummary) {
  LayerGraph g;
  Node n;
  n.name = "conv1";
  n.op_type = "Conv";
  g.AddNode(n);
  WeightHistogram h;
  for (int i = 0; i < 10; ++i) h.Add(i * 0.1);
  TfEventsOptions options;
  options.histograms.push_back(HistogramSummaryValue("conv1/kernel", h));
  options.histograms.push_back(HistogramSummaryValue("conv1/bias", WeightHistogram()));
  auto records = ReadTfRecords(WriteTfEventFile(g, options));
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);  // version, graph, histograms (no provenance asked)
  tf::Event e;
  ASSERT_TRUE(e.ParseFromString(records->back()));
  ASSERT_EQ(e.summary().value_size(), 2);
  EXPECT_EQ(e.step(), 0);
  EXPECT_EQ(e.summary().value(0).tag(), "conv1/kernel");
  EXPECT_EQ(e.summary().value(0).histo().num(), 10);
  EXPECT_EQ(BucketSum(e.summary().value(0).histo()), 10);
  EXPECT_EQ(e.summary().value(1).tag(), "conv1/bias");
}

}  // namespace
}  // namespace graphgen
