#include "render/tfevents/weight_histogram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace graphgen {

std::vector<double> DefaultHistogramEdges() {
  std::vector<double> positive;
  // Buckets 10% wider each, from 1e-12 to 1e20: TensorFlow's InitDefaultBucketsInner.
  for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) positive.push_back(v);
  positive.push_back(DBL_MAX);
  std::vector<double> edges;
  edges.reserve(2 * positive.size() + 1);
  for (auto it = positive.rbegin(); it != positive.rend(); ++it) edges.push_back(-*it);
  edges.push_back(0.0);
  edges.insert(edges.end(), positive.begin(), positive.end());
  return edges;
}

WeightHistogram::WeightHistogram()
    : edges_(DefaultHistogramEdges()),
      buckets_(edges_.size(), 0.0),
      min_(DBL_MAX),
      max_(-DBL_MAX) {}

void WeightHistogram::Add(double value) {
  ++count_;
  if (std::isnan(value)) {
    buckets_.back() += 1;
    return;
  }
  const size_t b = std::upper_bound(edges_.begin(), edges_.end(), value) - edges_.begin();
  // Only +infinity and DBL_MAX itself lie at or past the last edge.
  buckets_[std::min(b, buckets_.size() - 1)] += 1;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
  sum_squares_ += value * value;
}

void WeightHistogram::ToProto(tf::HistogramProto* proto) const {
  proto->Clear();
  proto->set_min(min_);
  proto->set_max(max_);
  proto->set_num(static_cast<double>(count_));
  proto->set_sum(sum_);
  proto->set_sum_squares(sum_squares_);
  for (size_t i = 0; i < buckets_.size();) {
    double end = edges_[i];
    double count = buckets_[i];
    ++i;
    if (count <= 0.0) {
      // A run of empty buckets is written as one, up to the run's last edge.
      while (i < buckets_.size() && buckets_[i] <= 0.0) {
        end = edges_[i];
        count = buckets_[i];
        ++i;
      }
    }
    proto->add_bucket_limit(end);
    proto->add_bucket(count);
  }
  if (proto->bucket_size() == 0) {
    proto->add_bucket_limit(DBL_MAX);
    proto->add_bucket(0.0);
  }
}

tf::Summary::Value HistogramSummaryValue(const std::string& tag, const WeightHistogram& histogram) {
  tf::Summary::Value value;
  value.set_tag(tag);
  histogram.ToProto(value.mutable_histo());
  return value;
}

}  // namespace graphgen
