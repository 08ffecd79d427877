"""The 12-layer teacher's score on a held-out file (e.g. PEYMA test): the ceiling of the recipe.

Trains one teacher as ``finetune teacher`` does (best epoch on --dev), then
prints the strict F1 of that epoch's model on --test. Usage (GPU machine, after
``finetune prepare``)::

    RASAD_E5_BUNDLE=.gpu/bundle.npz PYTHONPATH=src python3 scripts/ner_gpu/teacher_test.py \\
        --train .gpu/fa/train.conll --dev .gpu/fa/dev.conll --test .gpu/fa/test.conll --lr 2e-4
"""

from __future__ import annotations

import argparse
import json
import time

from rasad.extract.ner import e5, finetune, neural
from rasad.extract.ner.conll import read_conll

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--train", required=True)
ap.add_argument("--dev", required=True)
ap.add_argument("--test", required=True)
ap.add_argument("--lr", type=float, default=1e-4)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--epochs", type=int, default=finetune.TEACHER_EPOCHS)
ap.add_argument("--minutes", type=float, default=None)
ap.add_argument("--device", default="cuda")
args = ap.parse_args()
reader = e5.shared_reader(12)
train, dev, test = read_conll(args.train), read_conll(args.dev), read_conll(args.test)
labels = finetune.labels_of(train)
deadline = time.time() + 60 * args.minutes if args.minutes else None
model, history = neural.fit(
    train, labels, finetune.TEACHER_LAYERS, args.epochs, args.lr, seed=args.seed,
    on_epoch=finetune.dev_scorer(dev, labels, reader), full=True, device=args.device,
    reader=reader, deadline=deadline,
)  # fmt: skip
test_f1 = finetune.dev_scorer(test, labels, reader)(0, model)
print(json.dumps({"lr": args.lr, "seed": args.seed, "dev_f1": max(h["dev_f1"] for h in history),
                  "test_f1": round(test_f1, 4), "epochs": len(history)}))  # fmt: skip
