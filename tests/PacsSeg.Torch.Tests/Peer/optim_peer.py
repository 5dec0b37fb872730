"""Peer for ModuleAndOptimizerAgainstPyTorchTests: the same small network, loaded from our weights,
trained 3 steps with each optimizer; writes the parameters, buffers and losses.
Usage: optim_peer.py INPUTS OUTPUTS THREADS"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import st

torch.set_num_threads(int(sys.argv[3]))
inp = st.load(sys.argv[1])
init = {k[len("init."):]: v for k, v in inp.items() if k.startswith("init.")}
x, y = inp["x"], inp["y"]


def make():
    m = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 3, 1))
    m.load_state_dict(init)
    return m


out = {}
for name in ["sgd", "adam", "adamw"]:
    model = make().train()
    if name == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4, nesterov=True)
    elif name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.01)
    for step in range(3):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        out[f"{name}.loss{step}"] = loss.detach()
    for k, v in model.state_dict().items():
        out[f"{name}.{k}"] = v
    model.eval()
    with torch.no_grad():
        out[f"{name}.eval"] = model(x)
st.save(sys.argv[2], out)
