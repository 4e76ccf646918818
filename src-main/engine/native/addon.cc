// N-API binding (node-addon-api, ABI-stable: one build loads in Node and in Electron's main or
// worker threads). One call per training step or sampling step; no per-timestep JS crossings.
// Buffers always come from JS (typed arrays passed in and filled here): Electron's V8 sandbox
// forbids external ArrayBuffers pointing at C++ memory. No global state, so the module is safe to
// load in several worker threads.
#include <napi.h>

#include "lstm_core.h"
#include "lstm_kernels.h"

namespace {

using tunesmith::ModelLayout;

ModelLayout layoutFrom(const Napi::Object& cfg) {
  Napi::Array units = cfg.Get("lstmUnits").As<Napi::Array>();
  std::vector<int> u;
  for (uint32_t i = 0; i < units.Length(); i++) u.push_back(units.Get(i).As<Napi::Number>().Int32Value());
  return ModelLayout::make(cfg.Get("vocabSize").As<Napi::Number>().Int32Value(), cfg.Get("embeddingDim").As<Napi::Number>().Int32Value(), u);
}

template <typename T>
T* typed(const Napi::Value& v, size_t need, const char* what) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a typed array");
  auto arr = v.As<Napi::TypedArrayOf<T>>();
  if (arr.ElementLength() != need)
    throw Napi::RangeError::New(v.Env(), std::string(what) + " has " + std::to_string(arr.ElementLength()) + " elements, expected " + std::to_string(need));
  return arr.Data();
}

// Runs `fn`, turning C++ exceptions from the core into JS errors with the same message.
template <typename F>
auto guarded(Napi::Env env, F fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

class TrainerWrap : public Napi::ObjectWrap<TrainerWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Trainer",
                       {InstanceMethod("trainStep", &TrainerWrap::TrainStep), InstanceMethod("gradients", &TrainerWrap::Gradients),
                        InstanceMethod("evaluate", &TrainerWrap::Evaluate), InstanceMethod("resetState", &TrainerWrap::ResetState),
                        InstanceMethod("getParams", &TrainerWrap::GetParams), InstanceMethod("setParams", &TrainerWrap::SetParams),
                        InstanceMethod("getAdam", &TrainerWrap::GetAdam), InstanceMethod("setAdam", &TrainerWrap::SetAdam),
                        InstanceMethod("setLearningRate", &TrainerWrap::SetLearningRate),
                        InstanceMethod("profile", &TrainerWrap::GetProfile), InstanceMethod("kernels", &TrainerWrap::GetKernels),
                        InstanceMethod("dispose", &TrainerWrap::Dispose)});
  }

  // new Trainer({ vocabSize, embeddingDim, lstmUnits, batchSize, seqLen, dropout, learningRate, clipNorm, seed }, params)
  explicit TrainerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainerWrap>(info) {
    Napi::Env env = info.Env();
    guarded(env, [&] {
      Napi::Object cfg = info[0].As<Napi::Object>();
      ModelLayout layout = layoutFrom(cfg);
      tunesmith::TrainerConfig c;
      c.batch = cfg.Get("batchSize").As<Napi::Number>().Int32Value();
      c.seqLen = cfg.Get("seqLen").As<Napi::Number>().Int32Value();
      c.dropout = cfg.Get("dropout").As<Napi::Number>().FloatValue();
      c.learningRate = cfg.Get("learningRate").As<Napi::Number>().FloatValue();
      c.clipNorm = cfg.Get("clipNorm").As<Napi::Number>().FloatValue();
      c.seed = (uint64_t)cfg.Get("seed").As<Napi::Number>().Int64Value();
      const float* p = typed<float>(info[1], layout.size, "params");
      core_ = std::make_unique<tunesmith::Trainer>(layout, c, p);
      window_ = (size_t)c.batch * c.seqLen;
      return 0;
    });
  }

 private:
  tunesmith::Trainer& core(Napi::Env env) {
    if (!core_) throw Napi::Error::New(env, "trainer was disposed");
    return *core_;
  }
  Napi::Value TrainStep(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&] {
      auto& c = core(info.Env());
      double loss = c.trainStep(typed<int32_t>(info[0], window_, "inputs"), typed<int32_t>(info[1], window_, "targets"));
      return Napi::Number::New(info.Env(), loss);
    });
  }
  Napi::Value Gradients(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&] {
      auto& c = core(info.Env());
      double loss = c.gradients(typed<int32_t>(info[0], window_, "inputs"), typed<int32_t>(info[1], window_, "targets"),
                                typed<float>(info[2], c.layout().size, "gradients"));
      return Napi::Number::New(info.Env(), loss);
    });
  }
  Napi::Value Evaluate(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&] {
      auto& c = core(info.Env());
      return Napi::Number::New(info.Env(), c.evaluate(typed<int32_t>(info[0], window_, "inputs"), typed<int32_t>(info[1], window_, "targets")));
    });
  }
  // resetState('train' | 'eval' | undefined = both)
  void ResetState(const Napi::CallbackInfo& info) {
    std::string which = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    core(info.Env()).resetState(which != "eval", which != "train");
  }
  void GetParams(const Napi::CallbackInfo& info) {
    auto& c = core(info.Env());
    float* out = typed<float>(info[0], c.layout().size, "params");
    std::copy(c.params().begin(), c.params().end(), out);
  }
  void SetParams(const Napi::CallbackInfo& info) {
    auto& c = core(info.Env());
    const float* in = typed<float>(info[0], c.layout().size, "params");
    std::copy(in, in + c.layout().size, c.params().begin());
  }
  Napi::Value GetAdam(const Napi::CallbackInfo& info) {
    auto& c = core(info.Env());
    std::copy(c.adamM().begin(), c.adamM().end(), typed<float>(info[0], c.layout().size, "m"));
    std::copy(c.adamV().begin(), c.adamV().end(), typed<float>(info[1], c.layout().size, "v"));
    return Napi::Number::New(info.Env(), (double)c.adamStep());
  }
  void SetAdam(const Napi::CallbackInfo& info) {
    auto& c = core(info.Env());
    const size_t n = c.layout().size;
    const float* m = typed<float>(info[0], n, "m");
    const float* v = typed<float>(info[1], n, "v");
    std::copy(m, m + n, c.adamM().begin());
    std::copy(v, v + n, c.adamV().begin());
    c.adamStep() = info[2].As<Napi::Number>().Int64Value();
  }
  void SetLearningRate(const Napi::CallbackInfo& info) { core(info.Env()).setLearningRate(info[0].As<Napi::Number>().FloatValue()); }
  // { steps, gradNorm, ms: { phase: milliseconds accumulated } }; profile(true) also resets.
  Napi::Value GetProfile(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto& c = core(env);
    auto& p = c.profile();
    Napi::Object ms = Napi::Object::New(env);
    for (int i = 0; i < tunesmith::Profile::Count; i++) ms.Set(tunesmith::Profile::name(i), p.ns[i] / 1e6);
    Napi::Object out = Napi::Object::New(env);
    out.Set("steps", (double)p.steps);
    out.Set("gradNorm", c.lastGradNorm());
    out.Set("ms", ms);
    if (info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value()) p = tunesmith::Profile{};
    return out;
  }
  Napi::Value GetKernels(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), core(info.Env()).kernels()); }
  void Dispose(const Napi::CallbackInfo&) { core_.reset(); }

  std::unique_ptr<tunesmith::Trainer> core_;
  size_t window_ = 0;
};

class StepperWrap : public Napi::ObjectWrap<StepperWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Stepper",
                       {InstanceMethod("step", &StepperWrap::Step), InstanceMethod("reset", &StepperWrap::Reset),
                        InstanceMethod("copyRow", &StepperWrap::CopyRow), InstanceMethod("resetRow", &StepperWrap::ResetRow),
                        InstanceMethod("getRowState", &StepperWrap::GetRowState), InstanceMethod("setRowState", &StepperWrap::SetRowState),
                        InstanceMethod("kernels", &StepperWrap::GetKernels), InstanceMethod("dispose", &StepperWrap::Dispose)});
  }
  // new Stepper({ vocabSize, embeddingDim, lstmUnits }, batchSize, params)
  explicit StepperWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<StepperWrap>(info) {
    guarded(info.Env(), [&] {
      ModelLayout layout = layoutFrom(info[0].As<Napi::Object>());
      batch_ = info[1].As<Napi::Number>().Int32Value();
      vocab_ = layout.vocab;
      core_ = std::make_unique<tunesmith::Stepper>(layout, batch_, typed<float>(info[2], layout.size, "params"));
      return 0;
    });
  }

 private:
  tunesmith::Stepper& core(Napi::Env env) {
    if (!core_) throw Napi::Error::New(env, "stepper was disposed");
    return *core_;
  }
  // step(tokens: Int32Array[batch], logits: Float32Array[batch * vocab])
  void Step(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      core(info.Env()).step(typed<int32_t>(info[0], (size_t)batch_, "tokens"), typed<float>(info[1], (size_t)batch_ * vocab_, "logits"));
      return 0;
    });
  }
  void Reset(const Napi::CallbackInfo& info) { core(info.Env()).reset(); }
  void CopyRow(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      core(info.Env()).copyRow(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Number>().Int32Value());
      return 0;
    });
  }
  void ResetRow(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      core(info.Env()).resetRow(info[0].As<Napi::Number>().Int32Value());
      return 0;
    });
  }
  // getRowState(row, out: Float32Array[rowStateSize]) / setRowState(row, state: Float32Array[rowStateSize])
  void GetRowState(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      tunesmith::Stepper& s = core(info.Env());
      s.getRowState(info[0].As<Napi::Number>().Int32Value(), typed<float>(info[1], s.rowStateSize(), "state"));
      return 0;
    });
  }
  void SetRowState(const Napi::CallbackInfo& info) {
    guarded(info.Env(), [&] {
      tunesmith::Stepper& s = core(info.Env());
      s.setRowState(info[0].As<Napi::Number>().Int32Value(), typed<float>(info[1], s.rowStateSize(), "state"));
      return 0;
    });
  }
  Napi::Value GetKernels(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), core(info.Env()).kernels()); }
  void Dispose(const Napi::CallbackInfo&) { core_.reset(); }

  std::unique_ptr<tunesmith::Stepper> core_;
  int batch_ = 0, vocab_ = 0;
};

// { blas, threads, kernels: the level new trainers/steppers will use, kernelLevels: what the CPU can run }
Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("blas", tunesmith::blasDescription());
  out.Set("threads", tunesmith::blasThreads());
  out.Set("kernels", guarded(env, [] { return std::string(tunesmith::selectKernels().name); }));
  Napi::Array levels = Napi::Array::New(env);
  for (const std::string& level : tunesmith::supportedKernelLevels()) levels.Set(levels.Length(), level);
  out.Set("kernelLevels", levels);
  return out;
}

// sgemmSeconds(m, k, n, reps): seconds per product through the engine's BLAS (best of reps).
Napi::Value SgemmSeconds(const Napi::CallbackInfo& info) {
  auto arg = [&](int i) { return info[i].As<Napi::Number>().Int32Value(); };
  return guarded(info.Env(), [&] { return Napi::Number::New(info.Env(), tunesmith::timeSgemm(arg(0), arg(1), arg(2), arg(3))); });
}

void SetThreads(const Napi::CallbackInfo& info) { tunesmith::setBlasThreads(info[0].As<Napi::Number>().Int32Value()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Trainer", TrainerWrap::Init(env));
  exports.Set("Stepper", StepperWrap::Init(env));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("sgemmSeconds", Napi::Function::New(env, SgemmSeconds));
  return exports;
}

}  // namespace

NODE_API_MODULE(tunesmith_engine, Init)
