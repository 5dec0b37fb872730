// Shared internals of the bridge: handle structs, the error trap, the live-handle counter.
#pragma once
#include "pacsseg_torch.h"

struct pst_tensor {
  at::Tensor t;
  explicit pst_tensor(at::Tensor v);
  ~pst_tensor();
};

struct pst_guard {
  c10::InferenceMode mode;
  explicit pst_guard(bool enabled) : mode(enabled) {}
};

namespace pst {
void set_error(const std::string& message);
std::atomic<int64_t>& live_tensors();
std::atomic<int64_t>& live_blobs();

inline pst_tensor* wrap(at::Tensor t) { return new pst_tensor(std::move(t)); }

inline at::Tensor& get(pst_tensor* h) {
  if (h == nullptr) throw std::invalid_argument("null tensor handle");
  return h->t;
}
}  // namespace pst

// Every exported function body runs inside PST_TRY / PST_CATCH: no C++ exception crosses extern "C".
#define PST_TRY try {
#define PST_CATCH                                                        \
  return PST_OK;                                                         \
  }                                                                      \
  catch (const c10::Error& e) {                                          \
    pst::set_error(e.what_without_backtrace());                          \
    return PST_ERROR;                                                    \
  }                                                                      \
  catch (const std::exception& e) {                                      \
    pst::set_error(e.what());                                            \
    return PST_ERROR;                                                    \
  }                                                                      \
  catch (...) {                                                          \
    pst::set_error("unknown native exception");                          \
    return PST_ERROR;                                                    \
  }
