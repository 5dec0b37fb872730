"""Peer for HeadsAgainstPyTorchTests: builds the named head (heads.py), loads our weights (strict), runs an
eval forward, then one training forward (dropout off) with loss sum_k mean(out_k * r_k) over the outputs in
name order, one SGD step, and writes the outputs, the loss and every parameter and buffer after the step.
Usage: heads_peer.py NAME INPUTS OUTPUTS THREADS CLASSES K"""
import sys

import torch
import torch.nn as nn

import heads
import st

name, inputs, outputs = sys.argv[1], sys.argv[2], sys.argv[3]
threads, classes, k = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
torch.set_num_threads(threads)
inp = st.load(inputs)
weights = {key[len("w."):]: v for key, v in inp.items() if key.startswith("w.")}
out = {}

model = heads.build(name, classes, k)
model.load_state_dict(weights, strict=True)
model.eval()
with torch.no_grad():
    for key, v in heads.run(name, model, inp).items():
        out["eval." + key] = v

model = heads.build(name, classes, k)
model.load_state_dict(weights, strict=True)
model.train()
for m in model.modules():
    if isinstance(m, (nn.Dropout, nn.Dropout2d, nn.Dropout3d)):
        m.eval()
opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1, momentum=0.9, weight_decay=1e-4)
opt.zero_grad()
res = heads.run(name, model, inp)
loss = sum((res[key] * inp["r." + key]).mean() for key in sorted(res))
loss.backward()
opt.step()
out["train.loss"] = loss.detach()
for key, v in res.items():
    out["train." + key] = v.detach()
for key, v in model.state_dict().items():
    out["after." + key] = v
st.save(outputs, out)
