#!/usr/bin/env bash
# The shipped e5-ft NER models, both languages side by side on one CUDA GPU.
# Four 12-layer teachers per language train at once (TEACHER_RUNS of rasad.extract.ner.finetune),
# then 6- and 4-layer students learn from gold plus the averaged probabilities of the three best.
# Needs $W (default .gpu) filled by 'python -m rasad.extract.ner.finetune prepare --out .gpu' and $OUT.
# TM/SM: minutes after which no teacher/student epoch starts. Run from the repo root.
set -u
W=${W:-.gpu}
export PYTHONPATH=src RASAD_E5_BUNDLE=$W/bundle.npz PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
TM=${TM:-3.5}; SM=${SM:-3.5}; DEV=${DEV:-cuda}; X=${X:-}
ft() { lang=$1; shift; python3 -m rasad.extract.ner.finetune "$@" --lang $lang --train $W/$lang/train.conll --dev $W/$lang/dev.conll --unlabelled $W/unl_$lang.jsonl.gz --device $DEV $X; }
mkdir -p /tmp/t
for lang in fa ar; do
  ft $lang teacher --lr 5e-5 --seed 0 --out /tmp/t/${lang}_a.npz --minutes $TM > /tmp/t/log_${lang}_a.txt 2>&1 &
  ft $lang teacher --lr 1e-4 --seed 0 --out /tmp/t/${lang}_b.npz --minutes $TM > /tmp/t/log_${lang}_b.txt 2>&1 &
  ft $lang teacher --lr 2e-4 --seed 0 --out /tmp/t/${lang}_c.npz --minutes $TM > /tmp/t/log_${lang}_c.txt 2>&1 &
  ft $lang teacher --lr 1e-4 --seed 1 --out /tmp/t/${lang}_d.npz --minutes $TM > /tmp/t/log_${lang}_d.txt 2>&1 &
done
wait
grep -h "teacher /tmp" /tmp/t/log_*.txt
for lang in fa ar; do for L in 6 4; do
  ft $lang student --layers $L --teachers /tmp/t/${lang}_?.npz --out $OUT/$lang$L --minutes $SM > /tmp/t/slog_$lang$L.txt 2>&1 &
done; done
wait
for f in /tmp/t/log_*.txt /tmp/t/slog_*.txt; do echo "== $f"; grep -E "epoch|Error|error|Traceback" $f | tail -18 | cut -c1-200; done
