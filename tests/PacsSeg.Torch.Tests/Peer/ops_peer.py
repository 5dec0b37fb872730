"""Peer for OpsAgainstPyTorchTests: reads inputs, runs each op case forward and backward in PyTorch,
writes every output and every input gradient. Usage: ops_peer.py INPUTS OUTPUTS THREADS"""
import sys

import torch
import torch.nn.functional as F

import st

inputs_path, outputs_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
inp = st.load(inputs_path)
for k, v in inp.items():
    if v.is_floating_point():
        v.requires_grad_(True)
x, w, b, x3, w3, b3 = inp["x"], inp["w"], inp["b"], inp["x3"], inp["w3"], inp["b3"]
wt, wt3, gamma, beta = inp["wt"], inp["wt3"], inp["gamma"], inp["beta"]
logits, target, cw = inp["logits"], inp["target"], inp["cw"]
m1, m2, lw, lb = inp["m1"], inp["m2"], inp["lw"], inp["lb"]
idx, mask = inp["idx"], inp["mask"]

cases = {
    "conv2d": lambda: [F.conv2d(x, w, b, stride=1, padding=1)],
    "conv2d_stride2_nobias": lambda: [F.conv2d(x, w, None, stride=2, padding=0)],
    "conv3d": lambda: [F.conv3d(x3, w3, b3, stride=2, padding=1)],
    "conv_transpose2d": lambda: [F.conv_transpose2d(x, wt, None, stride=2)],
    "conv_transpose3d": lambda: [F.conv_transpose3d(x3, wt3, None, stride=2)],
    "batch_norm_train": lambda: [F.batch_norm(x, torch.zeros(3), torch.ones(3), gamma, beta, True, 0.1, 1e-5)],
    "instance_norm": lambda: [F.instance_norm(x3)],
    "relu": lambda: [F.relu(x)],
    "leaky_relu": lambda: [F.leaky_relu(x, 0.2)],
    "sigmoid_tanh": lambda: [torch.sigmoid(x), torch.tanh(x)],
    "softmax": lambda: [F.softmax(x, 1), F.log_softmax(x, 1)],
    "max_pool": lambda: [F.max_pool2d(x, 2), F.max_pool3d(x3, 2)],
    "avg_pool": lambda: [F.avg_pool2d(x, 2)],
    "interp_nearest": lambda: [F.interpolate(x, scale_factor=2.0, mode="nearest")],
    "interp_bilinear": lambda: [F.interpolate(x, size=[13, 11], mode="bilinear", align_corners=True)],
    "interp_trilinear": lambda: [F.interpolate(x3, scale_factor=2.0, mode="trilinear", align_corners=False)],
    "cat_stack_split": lambda: [torch.cat([x, x * 2], 1), torch.stack([x, x], 0)] + list(torch.split(x, 1, 1)),
    "gather_scatter": lambda: [torch.gather(x, 1, idx), torch.zeros_like(x).scatter(1, idx, x)],
    "masks": lambda: [torch.masked_select(x, mask), x[mask], x.masked_fill(mask, 0.5)],
    "matmul_bmm": lambda: [m1 @ m2, torch.bmm(m1, m2)],
    "linear": lambda: [F.linear(m1, lw, lb)],
    "cross_entropy": lambda: [F.cross_entropy(logits, target, weight=cw.detach(), ignore_index=255)],
    "cross_entropy_none": lambda: [F.cross_entropy(logits, target, ignore_index=255, reduction="none")],
    "cosine_normalize": lambda: [F.cosine_similarity(x, x.flip(3), dim=1), F.normalize(x, dim=1)],
    "mse_kl": lambda: [F.mse_loss(x, x.flip(2)), F.kl_div(F.log_softmax(x, 1), F.softmax(x.flip(2), 1), reduction="mean")],
    "topk_sort_quantile": lambda: [torch.topk(x.flatten(1), 5, dim=1)[0], torch.sort(x, dim=3)[0],
                                   torch.quantile(x.flatten(), 0.9)],
    "reductions": lambda: [x.sum(), x.mean(dim=[2, 3]), x.amax(dim=[1]), x.std(), x.var(dim=[1], keepdim=True)],
    "elementwise": lambda: [x.pow(2) * 3 - x / 2, torch.exp(x * 0.1), torch.log(x.abs() + 1), x.clamp(-0.5, 0.5), 1 - x],
    "shapes": lambda: [x.permute(0, 2, 3, 1).reshape(2, -1), x.transpose(1, 2).contiguous(), x[:, 1:3, ::2, 2:7]],
}

out = {}
for name, fn in cases.items():
    for t in inp.values():
        t.grad = None
    res = fn()
    loss = None
    for i, o in enumerate(res):
        out[f"{name}.out{i}"] = o.detach()
        if o.requires_grad:
            term = (o.float() ** 2).sum() / 2
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
    for k, t in inp.items():
        if t.is_floating_point() and t.grad is not None:
            out[f"{name}.grad.{k}"] = t.grad
st.save(outputs_path, out)
