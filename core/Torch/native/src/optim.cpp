// Optimizer area: whole-model parameter updates in one call (SGD step, zeroing gradients, EMA), so a training
// step does not pay a managed-to-native round trip per parameter and per operation. Each update runs the
// same ATen operations in the same order as torch.optim and the Python EMA idiom, so results are identical.
#include "bridge.h"

extern "C" {

PST_API int pst_optim_sgd_step(pst_tensor* const* params, pst_tensor** momentum_buffers, int32_t n, double lr,
                               double momentum, double dampening, double weight_decay, int32_t nesterov) {
  PST_TRY
  if (n < 0 || (n > 0 && params == nullptr)) throw std::invalid_argument("bad parameter list");
  if (momentum != 0 && momentum_buffers == nullptr) throw std::invalid_argument("momentum needs a buffer list");
  at::NoGradGuard no_grad;
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& p = pst::get(params[i]);
    const at::Tensor& grad = p.grad();
    if (!grad.defined()) continue;
    // torch.optim.SGD (_single_tensor_sgd), step for step.
    at::Tensor d = weight_decay != 0 ? grad.add(p, weight_decay) : grad;
    if (momentum != 0) {
      if (momentum_buffers[i] == nullptr) {
        momentum_buffers[i] = pst::wrap(d.clone().detach());
      } else {
        momentum_buffers[i]->t.mul_(momentum).add_(d, 1 - dampening);
      }
      const at::Tensor& buf = momentum_buffers[i]->t;
      d = nesterov ? d.add(buf, momentum) : buf;
    }
    p.add_(d, -lr);
  }
  PST_CATCH
}

PST_API int pst_optim_zero_grad(pst_tensor* const* params, int32_t n, int32_t set_to_none) {
  PST_TRY
  if (n < 0 || (n > 0 && params == nullptr)) throw std::invalid_argument("bad parameter list");
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& p = pst::get(params[i]);
    if (!p.grad().defined()) continue;
    if (set_to_none) {
      p.mutable_grad() = at::Tensor();
      continue;
    }
    at::Tensor& g = p.mutable_grad();
    if (g.grad_fn()) g.detach_();
    else g.requires_grad_(false);
    g.zero_();
  }
  PST_CATCH
}

PST_API int pst_optim_ema_update(pst_tensor* const* targets, pst_tensor* const* sources, int32_t n, double alpha) {
  PST_TRY
  if (n < 0 || (n > 0 && (targets == nullptr || sources == nullptr))) throw std::invalid_argument("bad tensor lists");
  at::NoGradGuard no_grad;
  for (int32_t i = 0; i < n; ++i) {
    at::Tensor& t = pst::get(targets[i]);
    const at::Tensor& s = pst::get(sources[i]);
    if (!t.sizes().equals(s.sizes()))
      throw std::invalid_argument("ema_update: tensor " + std::to_string(i) + " of the target has shape " +
                                  c10::str(t.sizes()) + ", the source " + c10::str(s.sizes()));
    // The Python idiom t.mul_(a).add_(s, alpha=1 - a); integer tensors (step counters) are copied.
    if (at::isFloatingType(t.scalar_type())) t.mul_(alpha).add_(s, 1 - alpha);
    else t.copy_(s);
  }
  PST_CATCH
}
}
