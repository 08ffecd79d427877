"""Experiment: train the word-embedding table too (GPU only), then run finetune.main."""
import sys
import torch
from torch import nn
from rasad.extract.ner import neural, finetune
orig = neural.TokenModel.place
def place(self, device):
    out = orig(self, device)
    if self.emb_table is not None and not isinstance(self.emb_table, nn.Parameter):
        t = self.emb_table
        del self.emb_table
        self.emb_table = nn.Parameter(t)
    return out
if sys.argv[1] == "emb":
    neural.TokenModel.place = place
finetune.main(sys.argv[2:])
