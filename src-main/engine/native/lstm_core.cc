// See lstm_core.h. Layout choices that make this fast:
// - Activations are time-major ([t * B + b] rows), so one timestep of a batch is a contiguous
//   [B, 4H] block and whole-window products are single GEMMs over T*B rows.
// - The input projection of a whole window (X @ kernel) is one GEMM; only h_{t-1} @ recurrent
//   stays per timestep. In backward, dZ_t @ recurrent^T is accumulated straight into the upper
//   gradient of step t-1 (beta = 1), and the weight gradients of a whole window are again single
//   GEMMs (X^T @ dZ, H_prev^T @ dZ).
// - The four gates are one fused [*, 4H] matrix, as Keras stores them; dZ overwrites the gate
//   activations in place (each element reads its own four gates, then writes their gradients).
// - h is stored with one extra leading block (the carried-in state), so H_prev for the
//   recurrent weight gradient is simply the first T*B rows.
// - The bottom layer sees one embedding row per token, so its input projection is a row of
//   (embedding @ kernel) per token, and its kernel/embedding gradients come from dZ summed per
//   token: [vocab]-row products instead of [T*B]-row ones (~30 % of a seed-size step's FLOPs).
// - Per-timestep products have few rows (the batch); with AVX-512 kernels (lstm_kernels.h) they run in a small
//   kernel over weights packed once per step instead of OpenBLAS (which re-packs every call).
#include "lstm_core.h"
#include "lstm_kernels.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

#if defined(__APPLE__)
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif

namespace tunesmith {

namespace {

using Clock = std::chrono::steady_clock;

struct Timer {
  Profile& p;
  Profile::Phase phase;
  Clock::time_point start = Clock::now();
  ~Timer() { p.ns[phase] += std::chrono::duration<double, std::nano>(Clock::now() - start).count(); }
};

// C[M,N] = alpha * op(A) @ op(B) + beta * C, row-major.
inline void gemm(bool ta, bool tb, int M, int N, int K, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
}

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Bit test, because -ffast-math lets the compiler assume std::isfinite is always true.
inline bool finite(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & 0x7f800000u) != 0x7f800000u;
}

// The few-row packed kernel where the kernel level has one; TUNESMITH_NO_PACKED=1 forces the
// BLAS path (read at every trainer step / stepper creation, so the tests cover both paths).
bool usePackedKernels(const Kernels& k) { return k.packedGemmAcc != nullptr && !std::getenv("TUNESMITH_NO_PACKED"); }

void addBiasRows(float* out, const float* bias, size_t rows, int n) {
  for (size_t r = 0; r < rows; r++) std::memcpy(out + r * n, bias, sizeof(float) * n);
}

void columnSums(const float* a, size_t rows, int n, float* out) {
  std::fill(out, out + n, 0.0f);
  for (size_t r = 0; r < rows; r++) {
    const float* row = a + r * n;
    for (int j = 0; j < n; j++) out[j] += row[j];
  }
}

}  // namespace

void PackedMatrix::pack(const float* W, int k, int n, bool transposed) {
  K = k;
  N = n;
  const int np = (n + kPanel - 1) / kPanel;
  panels.assign((size_t)np * k * kPanel, 0.0f);
  for (int p = 0; p < np; p++)
    for (int kk = 0; kk < k; kk++) {
      float* dst = &panels[((size_t)p * k + kk) * kPanel];
      for (int j = 0; j < kPanel && p * kPanel + j < n; j++) {
        const int col = p * kPanel + j;
        dst[j] = transposed ? W[(size_t)col * k + kk] : W[(size_t)kk * n + col];
      }
    }
}

const char* Profile::name(int phase) {
  static const char* names[] = {"gather", "inputProjection", "recurrentForward", "gatesForward", "dropout", "denseForward",
                                "softmax", "denseBackward", "gatesBackward", "recurrentBackward", "weightGradients",
                                "inputGradients", "embeddingGradients", "clipAdam"};
  return names[phase];
}

int ModelLayout::maxWidth() const {
  int w = embed;
  for (const auto& l : layers) w = std::max(w, l.units);
  return w;
}

ModelLayout ModelLayout::make(int vocab, int embed, const std::vector<int>& units) {
  if (vocab < 1 || embed < 1 || units.empty()) throw std::invalid_argument("model needs a vocabulary, an embedding and at least one LSTM layer");
  ModelLayout m;
  m.vocab = vocab;
  m.embed = embed;
  size_t off = (size_t)vocab * embed;
  int input = embed;
  for (int u : units) {
    if (u < 1) throw std::invalid_argument("LSTM units must be positive");
    LayerShape l{input, u, 0, 0, 0};
    l.kernel = off;
    off += (size_t)input * 4 * u;
    l.recurrent = off;
    off += (size_t)u * 4 * u;
    l.bias = off;
    off += (size_t)4 * u;
    m.layers.push_back(l);
    input = u;
  }
  m.denseKernel = off;
  off += (size_t)input * vocab;
  m.denseBias = off;
  off += vocab;
  m.size = off;
  return m;
}

Trainer::Trainer(const ModelLayout& layout, const TrainerConfig& config, const float* params)
    : layout_(layout), k_(selectKernels()), config_(config), T_(config.seqLen), B_(config.batch), rng_(config.seed) {
  if (B_ < 1 || T_ < 1) throw std::invalid_argument("batch size and window length must be positive");
  if (!(config.dropout >= 0 && config.dropout < 1)) throw std::invalid_argument("dropout must be in [0, 1)");
  params_.assign(params, params + layout.size);
  grads_.assign(layout.size, 0.0f);
  m_.assign(layout.size, 0.0f);
  v_.assign(layout.size, 0.0f);
  const size_t TB = (size_t)T_ * B_;
  for (auto& l : layout.layers) {
    LayerBuffers b;
    b.z.resize(TB * 4 * l.units);
    b.h.resize(TB * l.units + (size_t)B_ * l.units);
    b.c.resize(b.h.size());
    b.tc.resize(TB * l.units);
    if (config.dropout > 0) {
      b.mask.resize(TB * l.units);
      b.y.resize(TB * l.units);
    }
    buf_.push_back(std::move(b));
    train_.h.emplace_back((size_t)B_ * l.units, 0.0f);
    train_.c.emplace_back((size_t)B_ * l.units, 0.0f);
  }
  eval_ = train_;
  table_.resize((size_t)layout.vocab * 4 * layout.layers[0].units);
  ids_.resize(TB);
  tgt_.resize(TB);
  logits_.resize(TB * layout.vocab);
  dA_.resize(TB * layout.maxWidth());
  dB_.resize(TB * layout.maxWidth());
  int maxUnits = 0;
  for (auto& l : layout.layers) maxUnits = std::max(maxUnits, l.units);
  dc_.resize((size_t)B_ * maxUnits);
}

void Trainer::resetState(bool train, bool eval) {
  for (State* s : {train ? &train_ : nullptr, eval ? &eval_ : nullptr}) {
    if (!s) continue;
    for (auto& v : s->h) std::fill(v.begin(), v.end(), 0.0f);
    for (auto& v : s->c) std::fill(v.begin(), v.end(), 0.0f);
  }
}

const float* Trainer::layerOutput(size_t l) const {
  const LayerBuffers& b = buf_[l];
  return b.y.empty() || b.mask.empty() ? b.h.data() + (size_t)B_ * layout_.layers[l].units : b.y.data();
}

double Trainer::forward(const int32_t* inputs, const int32_t* targets, State& state, bool dropout, bool keep) {
  (void)keep;
  const int T = T_, B = B_, V = layout_.vocab, E = layout_.embed;
  const size_t TB = (size_t)T * B;
  const float* P = params_.data();
  {
    Timer tm{profile_, Profile::Gather};
    for (int b = 0; b < B; b++)
      for (int t = 0; t < T; t++) {
        int32_t id = inputs[(size_t)b * T + t], tg = targets[(size_t)b * T + t];
        if (id < 0 || id >= V || tg < 0 || tg >= V) throw std::out_of_range("token id outside the vocabulary");
        ids_[(size_t)t * B + b] = id;
        tgt_[(size_t)t * B + b] = tg;
      }
  }
  const float* x = nullptr;
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const LayerShape& L = layout_.layers[l];
    LayerBuffers& bf = buf_[l];
    const int H = L.units, G = 4 * H;
    const size_t BH = (size_t)B * H;
    std::memcpy(bf.h.data(), state.h[l].data(), sizeof(float) * BH);
    std::memcpy(bf.c.data(), state.c[l].data(), sizeof(float) * BH);
    if (l == 0) {
      // The bottom layer's input is one embedding row per token, so X0 @ K0 + b is a row of
      // table = embedding @ K0 + b ([V, 4H], ~0.1 GFLOP) per character: a gather replaces the
      // [T*B, E] x [E, 4H] product (4.3 GFLOP per seed-size step at batch 64).
      Timer tm{profile_, Profile::InputProjection};
      addBiasRows(table_.data(), P + L.bias, V, G);
      gemm(false, false, V, G, E, P + layout_.embedding, E, P + L.kernel, G, 1.0f, table_.data(), G);
      for (size_t r = 0; r < TB; r++) std::memcpy(bf.z.data() + r * G, table_.data() + (size_t)ids_[r] * G, sizeof(float) * G);
    } else {
      Timer tm{profile_, Profile::InputProjection};
      addBiasRows(bf.z.data(), P + L.bias, TB, G);
      gemm(false, false, (int)TB, G, L.input, x, L.input, P + L.kernel, G, 1.0f, bf.z.data(), G);
    }
    const bool packed = usePackedKernels(k_) && k_.packedForTraining && blasThreads() == 1;  // the small kernel is single-threaded
    if (packed) {
      Timer tm{profile_, Profile::RecurrentForward};
      packedR_.pack(P + L.recurrent, H, G, false);
    }
    for (int t = 0; t < T; t++) {
      float* zt = bf.z.data() + (size_t)t * B * G;
      {
        Timer tm{profile_, Profile::RecurrentForward};
        if (packed) k_.packedGemmAcc(B, bf.h.data() + t * BH, H, packedR_, zt, G);
        else gemm(false, false, B, G, H, bf.h.data() + t * BH, H, P + L.recurrent, G, 1.0f, zt, G);
      }
      Timer tm{profile_, Profile::GatesForward};
      k_.gatesForward(zt, bf.c.data() + t * BH, bf.c.data() + (t + 1) * BH, bf.tc.data() + t * BH, bf.h.data() + (t + 1) * BH, B, H);
    }
    std::memcpy(state.h[l].data(), bf.h.data() + TB * H, sizeof(float) * BH);
    std::memcpy(state.c[l].data(), bf.c.data() + TB * H, sizeof(float) * BH);
    if (!bf.mask.empty()) {
      Timer tm{profile_, Profile::Dropout};
      const float* hOut = bf.h.data() + BH;
      if (dropout) {
        // Inverted dropout (as Keras): keep with probability 1-p, scale kept values by 1/(1-p).
        const float p = config_.dropout, scale = 1.0f / (1.0f - p);
        k_.dropoutMask(bf.mask.data(), hOut, bf.y.data(), TB * H, (uint32_t)splitmix(rng_), p, scale);
      } else {
        std::fill(bf.mask.begin(), bf.mask.end(), 1.0f);
        std::memcpy(bf.y.data(), hOut, sizeof(float) * TB * H);
      }
    }
    x = layerOutput(l);
  }
  const int Ht = layout_.topUnits();
  {
    Timer tm{profile_, Profile::DenseForward};
    addBiasRows(logits_.data(), P + layout_.denseBias, TB, V);
    gemm(false, false, (int)TB, V, Ht, x, Ht, P + layout_.denseKernel, V, 1.0f, logits_.data(), V);
  }
  Timer tm{profile_, Profile::Softmax};
  // Softmax cross-entropy; with keep, logits become dL/dlogits = (softmax - onehot) / (T*B).
  double loss = 0;
  const float invN = 1.0f / (float)TB;
  // -ffast-math may drop NaN through max/exp, so non-finite logits are found by their bits and
  // reported as a NaN loss (the caller must see that training diverged).
  if (!k_.allFinite(logits_.data(), TB * V)) return std::numeric_limits<double>::quiet_NaN();
  for (size_t r = 0; r < TB; r++) {
    float* row = logits_.data() + r * V;
    float mx = row[0];
    for (int j = 1; j < V; j++) mx = std::max(mx, row[j]);
    double sum = 0;
    for (int j = 0; j < V; j++) sum += std::exp((double)row[j] - mx);
    const double logSum = std::log(sum) + mx;
    loss += logSum - row[tgt_[r]];
    if (keep) {
      for (int j = 0; j < V; j++) row[j] = (float)std::exp((double)row[j] - logSum) * invN;
      row[tgt_[r]] -= invN;
    }
  }
  return loss / (double)TB;
}

void Trainer::backward() {
  const int T = T_, B = B_, V = layout_.vocab, E = layout_.embed;
  const size_t TB = (size_t)T * B;
  const float* P = params_.data();
  float* Gr = grads_.data();
  const size_t nl = layout_.layers.size();
  const int Ht = layout_.topUnits();
  float* dUp = dA_.data();    // dL/d(this layer's output), [TB, H]
  float* dDown = dB_.data();  // dL/d(this layer's input), [TB, I]
  {
    Timer tm{profile_, Profile::DenseBackward};
    gemm(true, false, Ht, V, (int)TB, layerOutput(nl - 1), Ht, logits_.data(), V, 0.0f, Gr + layout_.denseKernel, V);
    columnSums(logits_.data(), TB, V, Gr + layout_.denseBias);
    gemm(false, true, (int)TB, Ht, V, logits_.data(), V, P + layout_.denseKernel, V, 0.0f, dUp, Ht);
  }
  for (size_t li = nl; li-- > 0;) {
    const LayerShape& L = layout_.layers[li];
    LayerBuffers& bf = buf_[li];
    const int H = L.units, G = 4 * H, I = L.input;
    const size_t BH = (size_t)B * H;
    if (!bf.mask.empty()) {
      Timer tm{profile_, Profile::Dropout};
      for (size_t i = 0; i < TB * H; i++) dUp[i] *= bf.mask[i];
    }
    // Truncated BPTT: no gradient flows into the carried-in state.
    std::fill(dc_.begin(), dc_.begin() + BH, 0.0f);
    const bool packed = usePackedKernels(k_) && k_.packedForTraining && blasThreads() == 1;  // the small kernel is single-threaded
    if (packed) {
      Timer tm{profile_, Profile::RecurrentBackward};
      packedR_.pack(P + L.recurrent, G, H, true);  // recurrent^T as [4H, H]
    }
    for (int t = T - 1; t >= 0; t--) {
      float* zt = bf.z.data() + (size_t)t * B * G;
      {
        Timer tm{profile_, Profile::GatesBackward};
        k_.gatesBackward(zt, dUp + t * BH, dc_.data(), bf.c.data() + t * BH, bf.tc.data() + t * BH, B, H);
      }
      if (t > 0) {
        Timer tm{profile_, Profile::RecurrentBackward};
        if (packed) k_.packedGemmAcc(B, zt, G, packedR_, dUp + (t - 1) * BH, H);
        else gemm(false, true, B, H, G, zt, G, P + L.recurrent, G, 1.0f, dUp + (t - 1) * BH, H);
      }
    }
    if (li == 0) {
      // Same identity backwards: with S[v] = sum of dZ rows whose input token is v ([V, 4H]),
      // d kernel = embedding^T @ S, d embedding = S @ kernel^T, d bias = column sums of S.
      // Two [V]-row products instead of two [T*B]-row ones.
      {
        Timer tm{profile_, Profile::WeightGradients};
        gemm(true, false, H, G, (int)TB, bf.h.data(), H, bf.z.data(), G, 0.0f, Gr + L.recurrent, G);
      }
      Timer tm{profile_, Profile::EmbeddingGradients};
      std::fill(table_.begin(), table_.end(), 0.0f);
      for (size_t r = 0; r < TB; r++) {
        float* dst = table_.data() + (size_t)ids_[r] * G;
        const float* src = bf.z.data() + r * G;
        for (int j = 0; j < G; j++) dst[j] += src[j];
      }
      gemm(true, false, E, G, V, P + layout_.embedding, E, table_.data(), G, 0.0f, Gr + L.kernel, G);
      columnSums(table_.data(), V, G, Gr + L.bias);
      gemm(false, true, V, E, G, table_.data(), G, P + L.kernel, G, 0.0f, Gr + layout_.embedding, E);
      continue;
    }
    const float* xin = layerOutput(li - 1);
    {
      Timer tm{profile_, Profile::WeightGradients};
      gemm(true, false, I, G, (int)TB, xin, I, bf.z.data(), G, 0.0f, Gr + L.kernel, G);
      gemm(true, false, H, G, (int)TB, bf.h.data(), H, bf.z.data(), G, 0.0f, Gr + L.recurrent, G);
      columnSums(bf.z.data(), TB, G, Gr + L.bias);
    }
    {
      Timer tm{profile_, Profile::InputGradients};
      gemm(false, true, (int)TB, I, G, bf.z.data(), G, P + L.kernel, G, 0.0f, dDown, I);
    }
    std::swap(dUp, dDown);
  }
}

void Trainer::clipAndAdam() {
  Timer tm{profile_, Profile::ClipAdam};
  const size_t n = grads_.size();
  double sq = 0;
  for (size_t i = 0; i < n; i++) sq += (double)grads_[i] * grads_[i];
  gradNorm_ = (float)std::sqrt(sq);
  // A non-finite gradient (overflowing loss) would write NaN into every weight: skip the update
  // so the model keeps what it had; the caller sees the non-finite loss/gradient norm.
  if (!finite(gradNorm_)) return;
  float scale = 1.0f;
  if (config_.clipNorm > 0 && gradNorm_ > config_.clipNorm) scale = config_.clipNorm / gradNorm_;
  // Adam exactly as tf.train.adam (beta1 0.9, beta2 0.999, epsilon 1e-7, epsilon added to the
  // bias-corrected sqrt(v)), so a run here and a tfjs run from the same weights track each other.
  step_++;
  const double b1 = 0.9, b2 = 0.999;
  const float c1 = (float)(1.0 / (1.0 - std::pow(b1, (double)step_)));
  const float c2 = (float)(1.0 / (1.0 - std::pow(b2, (double)step_)));
  const float lr = config_.learningRate, eps = 1e-7f;
  float* p = params_.data();
  float* m = m_.data();
  float* v = v_.data();
  const float* g = grads_.data();
  for (size_t i = 0; i < n; i++) {
    float gi = g[i] * scale;
    m[i] = 0.9f * m[i] + 0.1f * gi;
    v[i] = 0.999f * v[i] + 0.001f * gi * gi;
    p[i] -= lr * (m[i] * c1) / (std::sqrt(v[i] * c2) + eps);
  }
}

double Trainer::trainStep(const int32_t* inputs, const int32_t* targets) {
  double loss = forward(inputs, targets, train_, config_.dropout > 0, true);
  if (!finite((float)loss)) return loss;  // non-finite logits: no update (see forward)
  backward();
  clipAndAdam();
  profile_.steps++;
  // A non-finite gradient skipped the update: say so with a NaN loss.
  return finite(gradNorm_) ? loss : std::numeric_limits<double>::quiet_NaN();
}

double Trainer::gradients(const int32_t* inputs, const int32_t* targets, float* out) {
  double loss = forward(inputs, targets, train_, false, true);
  backward();
  std::memcpy(out, grads_.data(), sizeof(float) * grads_.size());
  return loss;
}

double Trainer::evaluate(const int32_t* inputs, const int32_t* targets) {
  return forward(inputs, targets, eval_, false, false);
}

Stepper::Stepper(const ModelLayout& layout, int batch, const float* params) : layout_(layout), k_(selectKernels()), B_(batch) {
  if (batch < 1) throw std::invalid_argument("batch size must be positive");
  params_.assign(params, params + layout.size);
  const LayerShape& L0 = layout.layers[0];
  const int G0 = 4 * L0.units, V = layout.vocab, E = layout.embed;
  // The bottom layer's input depends only on the token: precompute embedding @ kernel + bias.
  table_.resize((size_t)V * G0);
  addBiasRows(table_.data(), params_.data() + L0.bias, V, G0);
  gemm(false, false, V, G0, E, params_.data() + layout.embedding, E, params_.data() + L0.kernel, G0, 1.0f, table_.data(), G0);
  for (auto& l : layout.layers) {
    h_.emplace_back((size_t)B_ * l.units, 0.0f);
    c_.emplace_back((size_t)B_ * l.units, 0.0f);
    z_.emplace_back((size_t)B_ * 4 * l.units, 0.0f);
  }
  // Sampling weights never change: pack them once for the few-row kernel.
  packed_ = usePackedKernels(k_);
  if (packed_) {
    const float* P = params_.data();
    kernels_.resize(layout.layers.size());
    recurrents_.resize(layout.layers.size());
    for (size_t l = 0; l < layout.layers.size(); l++) {
      const LayerShape& L = layout.layers[l];
      if (l > 0) kernels_[l].pack(P + L.kernel, L.input, 4 * L.units, false);
      recurrents_[l].pack(P + L.recurrent, L.units, 4 * L.units, false);
    }
    dense_.pack(P + layout.denseKernel, layout.topUnits(), layout.vocab, false);
  }
}

void Stepper::step(const int32_t* tokens, float* logits) {
  const int B = B_, V = layout_.vocab;
  const float* P = params_.data();
  for (int b = 0; b < B; b++)
    if (tokens[b] < 0 || tokens[b] >= V) throw std::out_of_range("token id outside the vocabulary");
  std::vector<float> tc, cPrev;
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const LayerShape& L = layout_.layers[l];
    const int H = L.units, G = 4 * H;
    float* z = z_[l].data();
    if (l == 0) {
      for (int b = 0; b < B; b++) std::memcpy(z + (size_t)b * G, &table_[(size_t)tokens[b] * G], sizeof(float) * G);
    } else {
      addBiasRows(z, P + L.bias, B, G);
      if (packed_) k_.packedGemmAcc(B, h_[l - 1].data(), L.input, kernels_[l], z, G);
      else gemm(false, false, B, G, L.input, h_[l - 1].data(), L.input, P + L.kernel, G, 1.0f, z, G);
    }
    if (packed_) k_.packedGemmAcc(B, h_[l].data(), H, recurrents_[l], z, G);
    else gemm(false, false, B, G, H, h_[l].data(), H, P + L.recurrent, G, 1.0f, z, G);
    tc.resize((size_t)B * H);
    cPrev.assign(c_[l].begin(), c_[l].end());
    k_.gatesForward(z, cPrev.data(), c_[l].data(), tc.data(), h_[l].data(), B, H);
  }
  const int Ht = layout_.topUnits();
  addBiasRows(logits, P + layout_.denseBias, B, V);
  if (packed_) k_.packedGemmAcc(B, h_.back().data(), Ht, dense_, logits, V);
  else gemm(false, false, B, V, Ht, h_.back().data(), Ht, P + layout_.denseKernel, V, 1.0f, logits, V);
}

void Stepper::reset() {
  for (auto& v : h_) std::fill(v.begin(), v.end(), 0.0f);
  for (auto& v : c_) std::fill(v.begin(), v.end(), 0.0f);
}

void Stepper::resetRow(int row) {
  if (row < 0 || row >= B_) throw std::out_of_range("row outside the batch");
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const size_t H = (size_t)layout_.layers[l].units;
    std::fill(h_[l].begin() + row * H, h_[l].begin() + (row + 1) * H, 0.0f);
    std::fill(c_[l].begin() + row * H, c_[l].begin() + (row + 1) * H, 0.0f);
  }
}

const char* Stepper::kernels() const { return k_.name; }
const char* Trainer::kernels() const { return k_.name; }

void Stepper::copyRow(int from, int to) {
  if (from < 0 || from >= B_ || to < 0 || to >= B_) throw std::out_of_range("row outside the batch");
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const int H = layout_.layers[l].units;
    std::copy(h_[l].begin() + (size_t)from * H, h_[l].begin() + (size_t)(from + 1) * H, h_[l].begin() + (size_t)to * H);
    std::copy(c_[l].begin() + (size_t)from * H, c_[l].begin() + (size_t)(from + 1) * H, c_[l].begin() + (size_t)to * H);
  }
}

size_t Stepper::rowStateSize() const {
  size_t n = 0;
  for (auto& l : layout_.layers) n += 2 * (size_t)l.units;
  return n;
}

void Stepper::getRowState(int row, float* out) const {
  if (row < 0 || row >= B_) throw std::out_of_range("row outside the batch");
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const size_t H = (size_t)layout_.layers[l].units;
    out = std::copy(h_[l].begin() + row * H, h_[l].begin() + (row + 1) * H, out);
    out = std::copy(c_[l].begin() + row * H, c_[l].begin() + (row + 1) * H, out);
  }
}

void Stepper::setRowState(int row, const float* in) {
  if (row < 0 || row >= B_) throw std::out_of_range("row outside the batch");
  for (size_t l = 0; l < layout_.layers.size(); l++) {
    const size_t H = (size_t)layout_.layers[l].units;
    std::copy(in, in + H, h_[l].begin() + row * H);
    std::copy(in + H, in + 2 * H, c_[l].begin() + row * H);
    in += 2 * H;
  }
}

double timeSgemm(int m, int k, int n, int reps) {
  if (m < 1 || k < 1 || n < 1 || reps < 1) throw std::invalid_argument("sgemm sizes and repetitions must be positive");
  std::vector<float> a((size_t)m * k, 0.5f), b((size_t)k * n, 0.25f), out((size_t)m * n, 0.0f);
  gemm(false, false, m, n, k, a.data(), k, b.data(), n, 0.0f, out.data(), n);
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < reps; r++) {
    const auto start = Clock::now();
    gemm(false, false, m, n, k, a.data(), k, b.data(), n, 0.0f, out.data(), n);
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

#if defined(OPENBLAS_VERSION) || defined(OPENBLAS_CONFIG_H)
std::string blasDescription() {
  std::string config = openblas_get_config();
  std::string core = openblas_get_corename();
  return config.substr(0, config.find(' ', 9)) + " (" + core + ")";
}
int blasThreads() { return openblas_get_num_threads(); }
void setBlasThreads(int n) { openblas_set_num_threads(n); }
#else
std::string blasDescription() { return "CBLAS"; }
int blasThreads() { return 1; }
void setBlasThreads(int) {}
#endif

}  // namespace tunesmith
