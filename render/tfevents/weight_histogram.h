// Histograms of weight tensors for TensorBoard's Histograms and Distributions dashboards,
// built one value at a time so a tensor of any size is read in bounded memory.
//
// Bins are TensorFlow's default ones (tensorflow/core/lib/histogram/histogram.cc), so a
// histogram looks as it would from tf.summary.histogram's legacy writer: edges at
// ±1e-12 * 1.1^k up to 1e20, then ±DBL_MAX, and 0 (1,551 edges; bucket i counts the values
// in [edge[i-1], edge[i])). The edges depend on nothing but that rule, so equal values give
// equal bytes. The proto holds the non-empty buckets, each run of empty ones merged into the
// next edge, as TensorFlow's EncodeToProto(preserve_zero_buckets = false) writes them.
#ifndef RENDER_TFEVENTS_WEIGHT_HISTOGRAM_H_
#define RENDER_TFEVENTS_WEIGHT_HISTOGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "third_party/tensorflow/tf_event.pb.h"

namespace graphgen {

// TensorFlow's default bucket edges, ascending, as the header describes.
std::vector<double> DefaultHistogramEdges();

class WeightHistogram {
 public:
  WeightHistogram();

  // One element of the tensor. A NaN counts in the last bucket (TensorFlow's own writer
  // would index past its buckets) and leaves min, max, sum and sum_squares alone, so the
  // counts always sum to the elements added; ±infinity count in the outermost buckets.
  void Add(double value);

  int64_t count() const { return count_; }

  // The histogram as TensorBoard reads it (Summary.Value.histo).
  void ToProto(tf::HistogramProto* proto) const;

 private:
  std::vector<double> edges_;
  std::vector<double> buckets_;  // per edge: the values below it and at or above the last
  int64_t count_ = 0;
  double min_;
  double max_;
  double sum_ = 0;
  double sum_squares_ = 0;
};

// A summary value TensorBoard's histogram plugin shows under `tag` ("conv1/kernel").
tf::Summary::Value HistogramSummaryValue(const std::string& tag, const WeightHistogram& histogram);

}  // namespace graphgen

#endif  // RENDER_TFEVENTS_WEIGHT_HISTOGRAM_H_
