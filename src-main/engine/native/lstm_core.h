// The char-LSTM's training and stepping core in plain C++ over CBLAS (no N-API here, see
// addon.cc). Model family: Embedding -> N stacked LSTMs (Keras gate order i, f, c, o; sigmoid
// recurrent activation, tanh activation) each followed by dropout -> Dense -> softmax
// cross-entropy. Weights live in one flat float array in the order of
// src-main/engine/flat-weights.ts (embedding; per layer kernel, recurrent kernel, bias; dense
// kernel, dense bias), all row-major Keras layouts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tunesmith {

struct Kernels;

struct LayerShape {
  int input;   // values fed in per character (embedding dim, or the units below)
  int units;
  size_t kernel, recurrent, bias;  // offsets into the flat parameter array
};

struct ModelLayout {
  int vocab = 0, embed = 0;
  std::vector<LayerShape> layers;
  size_t embedding = 0, denseKernel = 0, denseBias = 0, size = 0;
  int topUnits() const { return layers.back().units; }
  int maxWidth() const;
  static ModelLayout make(int vocab, int embed, const std::vector<int>& units);
};

// Wall time per phase of a training step, accumulated (nanoseconds), for profiling without perf.
struct Profile {
  enum Phase {
    Gather, InputProjection, RecurrentForward, GatesForward, Dropout, DenseForward, Softmax,
    DenseBackward, GatesBackward, RecurrentBackward, WeightGradients, InputGradients,
    EmbeddingGradients, ClipAdam, Count
  };
  double ns[Count] = {};
  long steps = 0;
  static const char* name(int phase);
};

// A weight matrix W [K, N] stored as column panels ([N/32][K][32], zero-padded) for the few-row
// product kernel in lstm_core.cc; `transposed` packs W^T from W given as [N, K].
struct PackedMatrix {
  int K = 0, N = 0;
  std::vector<float> panels;
  void pack(const float* W, int k, int n, bool transposed);
};

struct TrainerConfig {
  int batch = 1, seqLen = 1;
  float dropout = 0, learningRate = 1e-3f, clipNorm = 0;
  uint64_t seed = 1;
};

class Trainer {
 public:
  Trainer(const ModelLayout& layout, const TrainerConfig& config, const float* params);
  // Forward + backward + clip + Adam on one [batch, seqLen] window (batch-major ids). Returns
  // the mean cross-entropy (nats), or NaN when the logits or gradients were not finite, in
  // which case the weights and Adam state are left as they were.
  double trainStep(const int32_t* inputs, const int32_t* targets);
  // Forward + backward only, gradients copied to `grads` (flat layout), training state carried,
  // no dropout, no update: what the tests compare with tfjs autodiff.
  double gradients(const int32_t* inputs, const int32_t* targets, float* grads);
  double evaluate(const int32_t* inputs, const int32_t* targets);
  void resetState(bool train, bool eval);
  // The instruction-set level of the vectorised loops ("avx512", "avx2", "generic").
  const char* kernels() const;

  const ModelLayout& layout() const { return layout_; }
  std::vector<float>& params() { return params_; }
  std::vector<float>& adamM() { return m_; }
  std::vector<float>& adamV() { return v_; }
  long& adamStep() { return step_; }
  void setLearningRate(float lr) { config_.learningRate = lr; }
  Profile& profile() { return profile_; }
  float lastGradNorm() const { return gradNorm_; }

 private:
  struct LayerBuffers {
    std::vector<float> z;     // [T*B, 4H] pre-activations, then gate activations, then dZ in place
    std::vector<float> h;     // [(T+1)*B, H] block 0 = carried-in h, block t+1 = h_t
    std::vector<float> c;     // [(T+1)*B, H] same for the cell state
    std::vector<float> tc;    // [T*B, H] tanh(c_t)
    std::vector<float> mask;  // [T*B, H] dropout mask scaled by 1/(1-p)
    std::vector<float> y;     // [T*B, H] h_t * mask (the next layer's input) when dropout is on
  };
  struct State {
    std::vector<std::vector<float>> h, c;
  };

  double forward(const int32_t* inputs, const int32_t* targets, State& state, bool dropout, bool keepForBackward);
  void backward();
  void clipAndAdam();
  const float* layerOutput(size_t l) const;

  ModelLayout layout_;
  const Kernels& k_;  // chosen by the CPU's features (or TUNESMITH_KERNELS) at construction
  TrainerConfig config_;
  int T_, B_;
  std::vector<float> params_, grads_, m_, v_;
  long step_ = 0;
  float gradNorm_ = 0;
  uint64_t rng_;
  State train_, eval_;
  std::vector<LayerBuffers> buf_;
  std::vector<float> table_;    // [V, 4H0] embedding @ kernel0 + bias; in backward, dZ0 summed per token
  std::vector<int32_t> ids_;    // [T*B] time-major input ids
  std::vector<int32_t> tgt_;    // [T*B] time-major targets
  std::vector<float> logits_;   // [T*B, V] logits, then d(loss)/d(logits)
  std::vector<float> dA_, dB_;  // [T*B, maxWidth] ping-pong gradient buffers between layers
  std::vector<float> dc_;       // [B, maxUnits] carried cell gradient in BPTT
  PackedMatrix packedR_;        // the current layer's recurrent kernel (or its transpose), packed
  Profile profile_;
};

class Stepper {
 public:
  Stepper(const ModelLayout& layout, int batch, const float* params);
  // Advances every row by one token; writes logits [batch, vocab].
  void step(const int32_t* tokens, float* logits);
  void reset();
  // Zero one row's state: a row starts a new sequence while the others go on (batched scoring).
  void resetRow(int row);
  void copyRow(int from, int to);
  // One row's state, h then c of each layer bottom up (rowStateSize() floats): read from one
  // stepper and written into rows of another over the same weights, so a context that every row
  // shares is read once, by a one-row stepper.
  size_t rowStateSize() const;
  void getRowState(int row, float* out) const;
  void setRowState(int row, const float* in);
  const char* kernels() const;

 private:
  ModelLayout layout_;
  const Kernels& k_;
  int B_;
  std::vector<float> params_;
  std::vector<float> table_;  // [V, 4H0] bottom layer's input projection + bias per token
  std::vector<std::vector<float>> h_, c_, z_;
  bool packed_ = false;
  std::vector<PackedMatrix> kernels_, recurrents_;
  PackedMatrix dense_;
};

// Seconds per call of C[m,n] = A[m,k] @ B[k,n] through the same CBLAS the engine uses (best of
// `reps` timed calls after one warm-up): the benchmark's arithmetic ceiling at the engine's shapes.
double timeSgemm(int m, int k, int n, int reps);

// "OpenBLAS 0.3.21 (Haswell), 2 threads" or what the BLAS in use can say about itself.
std::string blasDescription();
int blasThreads();
void setBlasThreads(int n);

}  // namespace tunesmith
