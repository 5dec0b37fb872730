// Dispatcher area: calls any ATen operator by its schema name through the boxed dispatcher, so
// autograd, oneDNN/BLAS kernels and CUDA kernels are chosen exactly as PyTorch chooses them.
#include "bridge.h"
#include <sstream>

namespace {

std::string describe_tensor(const pst_tensor* h) {
  if (h == nullptr || !h->t.defined()) return "None";
  const at::Tensor& t = h->t;
  std::string r = std::string(c10::toString(t.scalar_type())) + "[";
  for (int64_t d = 0; d < t.dim(); ++d) r += (d ? "," : "") + std::to_string(t.size(d));
  r += "]";
  if (!t.device().is_cpu()) r += "@" + t.device().str();
  return r;
}

// The arguments as the error message shows them: tensors as dtype[shape]@device, lists in brackets, numbers.
std::string describe_args(const pst_arg* args, int32_t nargs) {
  std::string r;
  for (int32_t i = 0; i < nargs; ++i) {
    if (i) r += ", ";
    const pst_arg& a = args[i];
    switch (a.kind) {
      case PST_ARG_NONE: r += "None"; break;
      case PST_ARG_TENSOR: r += describe_tensor(static_cast<const pst_tensor*>(a.p)); break;
      case PST_ARG_INT: r += std::to_string(a.i); break;
      case PST_ARG_BOOL: r += a.i ? "True" : "False"; break;
      case PST_ARG_DOUBLE: {
        std::ostringstream o;
        o << a.d;
        r += o.str();
        break;
      }
      case PST_ARG_INT_LIST:
      case PST_ARG_BOOL_LIST: {
        auto p = static_cast<const int64_t*>(a.p);
        r += "[";
        for (int64_t k = 0; k < a.n; ++k) r += (k ? ", " : "") + std::to_string(p[k]);
        r += "]";
        break;
      }
      case PST_ARG_TENSOR_LIST:
      case PST_ARG_OPT_TENSOR_LIST: {
        auto p = static_cast<pst_tensor* const*>(a.p);
        r += "[";
        for (int64_t k = 0; k < a.n; ++k) r += (k ? ", " : "") + describe_tensor(p[k]);
        r += "]";
        break;
      }
      case PST_ARG_DEVICE:
        r += c10::Device(static_cast<c10::DeviceType>(a.i), static_cast<c10::DeviceIndex>(a.n)).str();
        break;
      case PST_ARG_STRING: r += std::string("'") + static_cast<const char*>(a.p) + "'"; break;
      default: r += "?"; break;
    }
  }
  return r;
}

// A CUDA device on a libtorch without CUDA (or past the last GPU) fails here with a plain message instead of
// the dispatcher's "could not run ... with arguments from the 'CUDA' backend" wall of text.
c10::Device checked_device(const pst_arg& a) {
  c10::Device d(static_cast<c10::DeviceType>(a.i), static_cast<c10::DeviceIndex>(a.n));
  if (d.is_cuda()) {
    int64_t count = at::hasCUDA() ? static_cast<int64_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
    if (count == 0) throw std::invalid_argument("device " + d.str() + " requested, but CUDA is not available (this libtorch has no CUDA build or no GPU is visible)");
    if (d.has_index() && d.index() >= count)
      throw std::invalid_argument("device " + d.str() + " requested, but only " + std::to_string(count) + " CUDA device(s) are visible");
  }
  return d;
}

c10::IValue to_ivalue(const pst_arg& a, const c10::Argument& schema_arg) {
  const auto kind = schema_arg.real_type()->kind();
  switch (a.kind) {
    case PST_ARG_NONE: return c10::IValue();
    case PST_ARG_TENSOR:
      if (a.p == nullptr) return c10::IValue();
      return c10::IValue(static_cast<const pst_tensor*>(a.p)->t);
    case PST_ARG_INT:
      if (kind == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(a.i));
      if (kind == c10::TypeKind::ListType) return c10::IValue(std::vector<int64_t>{a.i});
      return c10::IValue(a.i);
    case PST_ARG_DOUBLE: return c10::IValue(a.d);
    case PST_ARG_BOOL: return c10::IValue(a.i != 0);
    case PST_ARG_INT_LIST: {
      auto p = static_cast<const int64_t*>(a.p);
      return c10::IValue(std::vector<int64_t>(p, p + a.n));
    }
    case PST_ARG_DOUBLE_LIST: {
      auto p = static_cast<const double*>(a.p);
      return c10::IValue(std::vector<double>(p, p + a.n));
    }
    case PST_ARG_BOOL_LIST: {
      auto p = static_cast<const int64_t*>(a.p);
      c10::List<bool> l;
      for (int64_t i = 0; i < a.n; ++i) l.push_back(p[i] != 0);
      return c10::IValue(l);
    }
    case PST_ARG_TENSOR_LIST: {
      auto p = static_cast<pst_tensor* const*>(a.p);
      c10::List<at::Tensor> l;
      for (int64_t i = 0; i < a.n; ++i) l.push_back(pst::get(p[i]));
      return c10::IValue(l);
    }
    case PST_ARG_OPT_TENSOR_LIST: {
      auto p = static_cast<pst_tensor* const*>(a.p);
      c10::List<c10::optional<at::Tensor>> l;
      for (int64_t i = 0; i < a.n; ++i)
        l.push_back(p[i] ? c10::optional<at::Tensor>(p[i]->t) : c10::nullopt);
      return c10::IValue(l);
    }
    case PST_ARG_STRING: return c10::IValue(std::string(static_cast<const char*>(a.p)));
    case PST_ARG_DEVICE:
      return c10::IValue(checked_device(a));
    default: throw std::invalid_argument("unknown argument kind " + std::to_string(a.kind));
  }
}

void collect(const c10::IValue& v, pst_tensor** outs, int32_t capacity, int32_t& n, double* scalar_out) {
  auto push = [&](const at::Tensor& t) {
    if (n >= capacity) throw std::length_error("operator returned more tensors than the caller can take");
    outs[n++] = t.defined() ? pst::wrap(t) : nullptr;
  };
  if (v.isTensor()) push(v.toTensor());
  else if (v.isTensorList()) for (const at::Tensor& t : v.toTensorVector()) push(t);
  else if (v.isTuple()) for (const auto& e : v.toTupleRef().elements()) collect(e, outs, capacity, n, scalar_out);
  else if (v.isDouble()) { if (scalar_out) *scalar_out = v.toDouble(); }
  else if (v.isInt()) { if (scalar_out) *scalar_out = static_cast<double>(v.toInt()); }
  else if (v.isBool()) { if (scalar_out) *scalar_out = v.toBool() ? 1.0 : 0.0; }
  else if (v.isNone()) { if (n < capacity) outs[n++] = nullptr; }
}
}  // namespace

extern "C" {

PST_API int pst_dispatch_call(const char* name, const char* overload, const pst_arg* args, int32_t nargs,
                              pst_tensor** outs, int32_t capacity, int32_t* nouts, double* scalar_out) {
  const char* op_name = name ? name : "(null)";
  int32_t produced = 0;
  try {
    auto op = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload ? overload : "");
    const auto& schema = op.schema();
    const auto& sargs = schema.arguments();
    if (nargs > static_cast<int32_t>(sargs.size()))
      throw std::invalid_argument("too many arguments: " + std::to_string(nargs) + " for " + schema.name());
    torch::jit::Stack stack;
    stack.reserve(sargs.size());
    for (size_t i = 0; i < sargs.size(); ++i) {
      if (static_cast<int32_t>(i) < nargs) {
        stack.push_back(to_ivalue(args[i], sargs[i]));
      } else if (sargs[i].default_value().has_value()) {
        stack.push_back(*sargs[i].default_value());
      } else {
        throw std::invalid_argument("missing argument '" + sargs[i].name() + "'");
      }
    }
    op.callBoxed(&stack);
    for (const auto& v : stack) collect(v, outs, capacity, produced, scalar_out);
    *nouts = produced;
    return PST_OK;
  } catch (const c10::Error& e) {
    for (int32_t i = 0; i < produced; ++i) delete outs[i];
    pst::set_error(std::string(op_name) + "(" + describe_args(args, nargs) + "): " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    for (int32_t i = 0; i < produced; ++i) delete outs[i];
    pst::set_error(std::string(op_name) + "(" + describe_args(args, nargs) + "): " + e.what());
  } catch (...) {
    for (int32_t i = 0; i < produced; ++i) delete outs[i];
    pst::set_error(std::string(op_name) + ": unknown native exception");
  }
  *nouts = 0;
  return PST_ERROR;
}
}
