"""Peer for NetworksAgainstPyTorchTests: builds the named architecture, loads our weights (strict), runs an
eval forward, then one SGD training step (dropout off) and writes logits, features, loss and the parameters.
Usage: networks_peer.py NAME INPUTS OUTPUTS THREADS CLASSES"""
import sys

import torch
import torch.nn.functional as F

import nets
import st

name, inputs, outputs, threads, classes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
inp = st.load(inputs)
weights = {k[len("w."):]: v for k, v in inp.items() if k.startswith("w.")}
x, y = inp["x"], inp["y"]
out = {}

model = nets.build(name, x.shape[1], classes, dropout=True)
model.load_state_dict(weights, strict=True)
model.eval()
with torch.no_grad():
    logits, feats = model(x)
out["eval.logits"], out["eval.features"] = logits, feats

model = nets.build(name, x.shape[1], classes, dropout=False)
model.load_state_dict(weights, strict=True)
model.train()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
opt.zero_grad()
logits, _ = model(x)
loss = F.cross_entropy(logits, y)
loss.backward()
opt.step()
out["train.loss"] = loss.detach()
for k, v in model.state_dict().items():
    out["after." + k] = v
st.save(outputs, out)
