// Autograd area: backward, gradients, requires_grad, grad mode and inference mode.
#include "bridge.h"

extern "C" {

PST_API int pst_autograd_backward(pst_tensor* const* tensors, pst_tensor* const* grads, int32_t n,
                                  int32_t retain_graph, int32_t create_graph) {
  PST_TRY
  std::vector<at::Tensor> ts, gs;
  for (int32_t i = 0; i < n; ++i) {
    ts.push_back(pst::get(tensors[i]));
    gs.push_back(grads != nullptr && grads[i] != nullptr ? grads[i]->t : at::Tensor());
  }
  c10::optional<bool> retain;
  if (retain_graph) retain = true;
  torch::autograd::backward(ts, gs, retain, create_graph != 0);
  PST_CATCH
}

PST_API int pst_autograd_grad(pst_tensor* h, pst_tensor** out) {
  PST_TRY
  const at::Tensor& g = pst::get(h).grad();
  *out = g.defined() ? pst::wrap(g) : nullptr;
  PST_CATCH
}

PST_API int pst_autograd_set_grad(pst_tensor* h, pst_tensor* grad) {
  PST_TRY
  pst::get(h).mutable_grad() = grad != nullptr ? grad->t : at::Tensor();
  PST_CATCH
}

PST_API int pst_autograd_set_requires_grad(pst_tensor* h, int32_t requires_grad) {
  PST_TRY
  pst::get(h).set_requires_grad(requires_grad != 0);
  PST_CATCH
}

PST_API int pst_autograd_is_grad_enabled(int32_t* enabled) {
  PST_TRY
  *enabled = c10::GradMode::is_enabled() ? 1 : 0;
  PST_CATCH
}

PST_API int pst_autograd_set_grad_enabled(int32_t enabled) {
  PST_TRY
  c10::GradMode::set_enabled(enabled != 0);
  PST_CATCH
}

PST_API int pst_autograd_inference_mode(int32_t enabled, pst_guard** out) {
  PST_TRY
  *out = new pst_guard(enabled != 0);
  PST_CATCH
}

PST_API int pst_guard_free(pst_guard* g) {
  PST_TRY
  delete g;
  PST_CATCH
}
}
