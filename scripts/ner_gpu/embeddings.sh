#!/usr/bin/env bash
# Experiment (docs/ner.md, 'Tried'): training the word-embedding table as well (embeddings.py emb)
# against keeping it frozen: 12-layer teachers, and 4-layer students on gold sentences alone (no
# distillation), whose dev F1 is the 'without distillation' baseline.
set -u
W=${W:-.gpu}
export PYTHONPATH=src RASAD_E5_BUNDLE=$W/bundle.npz PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
TM=${TM:-3.3}; DEV=${DEV:-cuda}; X=${X:-}
ft() { mode=$1; lang=$2; shift 2; python3 scripts/ner_gpu/embeddings.py $mode "$@" --lang $lang --train $W/$lang/train.conll --dev $W/$lang/dev.conll --unlabelled $W/unl_$lang.jsonl.gz --device $DEV --minutes $TM $X; }
mkdir -p /tmp/t
for lang in fa ar; do
  ft emb $lang teacher --lr 1e-4 --out /tmp/t/${lang}_e1.npz > /tmp/t/log_${lang}_e1.txt 2>&1 &
  ft emb $lang teacher --lr 2e-4 --out /tmp/t/${lang}_e2.npz > /tmp/t/log_${lang}_e2.txt 2>&1 &
  ft emb $lang student --layers 4 --epochs 12 --out /tmp/t/${lang}_se > /tmp/t/log_${lang}_se.txt 2>&1 &
  ft frozen $lang student --layers 4 --epochs 12 --out /tmp/t/${lang}_sf > /tmp/t/log_${lang}_sf.txt 2>&1 &
done
wait
for f in /tmp/t/log_*.txt; do echo "== $f"; grep -E "epoch|Error|error|Traceback|teacher /" $f | tail -16 | cut -c1-110; done
